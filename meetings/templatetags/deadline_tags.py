"""How a statutory deadline is shown wherever it is listed, and the rows of a list of them."""

import functools

from django import template
from django.utils.html import format_html, format_html_join

from sos_site.paths import path_to
from sos_site.templatetags.dates import short_date
from sos_site.templatetags.govuk import tag

register = template.Library()


@register.simple_tag
def deadline_tag(deadline):
    """A GOV.UK tag for how soon the deadline falls: red once overdue, orange on the day, yellow
    within the week, else blue. A tag rather than an included template: the lists of what is
    due show one in each of their rows."""
    return _deadline_tag(deadline.days_left)


@functools.lru_cache(maxsize=1024)
def _deadline_tag(days):
    # A team's lists have many deadlines the same number of days away.
    if days < 0:
        return _tag("red", "Overdue by {} day{}", -days, _plural(-days))
    if days == 0:
        return _tag("orange", "Due today")
    if days <= 7:
        return _tag("yellow", "Due in {} day{}", days, _plural(days))
    return _tag("blue", "Due in {} days", days)


def _tag(colour, words, *values):
    return tag(colour, format_html(words, *values) if values else words)


def _plural(count):
    return "" if count == 1 else "s"


DUE_WORK_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell" data-label="What is due">{}<br>'
    '<span class="govuk-body-s">counted from {}</span></td>'
    '<td class="govuk-table__cell" data-label="Case">{}</td>'
    '<td class="govuk-table__cell" data-label="Due by">{}</td>'
    '<td class="govuk-table__cell" data-label="Status">{}</td>'
    "</tr>"
)


@register.simple_tag
def due_work_rows(deadlines):
    """A row for each deadline in a list of what is due (meetings/_due_work.html): on a case,
    or a referral's decision. Written here, as Django's admin writes the rows of its lists,
    rather than in the template: a team's list has a row for each of a hundred cases, and the
    template cost each one 500 Python calls."""
    return format_html_join(
        "",
        DUE_WORK_ROW,
        (
            (
                deadline.step,
                deadline.counted_from,
                _due_on(deadline),
                short_date(deadline.due),
                deadline_tag(deadline),
            )
            for deadline in deadlines
        ),
    )


def _due_on(deadline):
    """The link to what the deadline is due on: its case, or the referral waiting for a
    decision."""
    if deadline.case:
        url = path_to("case_detail", deadline.case.pk)
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, deadline.case.reference)
    referral = deadline.referral
    return format_html(
        '<a class="govuk-link" href="{}">Referral: {} {}</a>',
        path_to("referral_detail", referral.pk),
        referral.child_first_name,
        referral.child_last_name,
    )
