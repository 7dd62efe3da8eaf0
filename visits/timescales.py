"""How often a child must be seen, counted in working days (England bank holidays).

A child on a child protection plan is seen at least every 10 working days. A child in need or
in care is seen as often as the council sets (SOS_VISIT_INTERVAL_WORKING_DAYS). Early help and
care leavers have no statutory visiting timescale. Only a visit at which a child was seen counts:
a visit where nobody answered the door does not restart the clock.
"""

from django.conf import settings

from cases.models import PracticeContext
from cases.working_days import add_working_days
from meetings.timescales import Deadline

CHILD_PROTECTION_INTERVAL = 10
STATUTORY_VISIT = "Statutory visit"


def visit_interval(practice_context):
    """Working days allowed between visits for this kind of work, or None when there is no
    statutory timescale."""
    if practice_context == PracticeContext.CHILD_PROTECTION:
        return CHILD_PROTECTION_INTERVAL
    if practice_context in (PracticeContext.CHILD_IN_NEED, PracticeContext.CHILD_IN_CARE):
        return settings.SOS_VISIT_INTERVAL_WORKING_DAYS
    return None


def next_visit_due(case, last_visit):
    """The date the next visit is due: `visit_interval` working days after `last_visit` (the date
    a child was last seen), or after the case opened if nobody has been seen yet. None for a
    closed case or a kind of work with no statutory timescale, or when the date would fall past
    the end of the calendar (a mistyped year)."""
    interval = visit_interval(case.practice_context)
    if interval is None or case.is_closed:
        return None
    return add_working_days(last_visit or case.opened_on, interval)


def visit_deadline(case, last_visit):
    """The next visit as a Deadline, as the dashboards show what is due; or None."""
    due = next_visit_due(case, last_visit)
    if due is None:
        return None
    counted_from = "the last visit" if last_visit else "the case opening"
    return Deadline(STATUTORY_VISIT, due, counted_from, case)
