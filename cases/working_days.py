"""Working days: Monday to Friday, less England and Wales bank holidays (the `holidays`
library). Statutory timescales and the age of what waits for a decision are counted in them."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year):
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def is_working_day(day):
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@lru_cache(maxsize=4096)
def add_working_days(start, days):
    """The date `days` working days after `start` (not counting `start` itself), or None when
    that is past the end of the calendar: a date saved with a mistyped year like 9999. Kept for
    the process: a team's deadlines count from the same few hundred dates on every page."""
    day = start
    remaining = days
    while remaining > 0:
        if day == date.max:
            return None
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start, end):
    """How many working days after `start` `end` is: 0 on the same day or before it."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days
