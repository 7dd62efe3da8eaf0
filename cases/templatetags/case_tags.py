"""How a case's state is shown wherever it is listed, and the rows of a list of cases."""

import functools

from django import template
from django.utils.html import format_html, format_html_join

from sos_site.templatetags.dates import short_date
from sos_site.templatetags.govuk import tag

register = template.Library()


@register.simple_tag
def status_tags(case):
    """GOV.UK tags for whether the case is open or closed, and restricted. A tag rather than an
    included template: a team's caseload shows one in each of its rows."""
    return _status_tags(case.is_closed, case.restricted)


@functools.cache
def _status_tags(closed, restricted):
    # Four ways a case can be, each written once per process.
    status = tag("grey", "Closed") if closed else tag("green", "Open")
    if restricted:
        return format_html("{} {}", status, tag("red", "Restricted"))
    return status


CASE_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell" data-label="Case">'
    '<a class="govuk-link" href="{}">{}</a></td>'
    '<td class="govuk-table__cell" data-label="Children">{}</td>'
    '<td class="govuk-table__cell" data-label="Kind of work">{}</td>'
    "{}"
    '<td class="govuk-table__cell" data-label="Status">{}</td>'
    '<td class="govuk-table__cell" data-label="Opened">{}</td>'
    "</tr>"
)
WORKER_CELL = '<td class="govuk-table__cell" data-label="Allocated worker">{}</td>'


@register.simple_tag
def case_rows(cases, show_worker=False):
    """A row for each case of a caseload or search (cases/_case_table.html), each carrying
    `child_names` (cases.pages.name_children). Written here, as Django's admin writes the rows
    of its lists, rather than in the template: caseloads and search show dozens of rows, and
    the template cost each one 400 Python calls."""
    return format_html_join(
        "",
        CASE_ROW,
        (
            (
                case.get_absolute_url(),
                case.reference,
                case.child_names,
                case.get_practice_context_display(),
                worker_cell(case) if show_worker else "",
                status_tags(case),
                short_date(case.opened_on),
            )
            for case in cases
        ),
    )


def worker_cell(case):
    """The cell naming the case's allocated worker, for a manager's lists."""
    return _worker_cell(str(case.allocated_worker or "Not allocated"))


@functools.lru_cache(maxsize=1024)
def _worker_cell(name):
    # A team's lists name its few workers again and again.
    return format_html(WORKER_CELL, name)
