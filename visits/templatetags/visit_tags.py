"""The rows of a list of overdue visits."""

from django import template
from django.utils.html import format_html_join

from cases.templatetags.case_tags import worker_cell
from meetings.templatetags.deadline_tags import deadline_tag
from sos_site.paths import path_to
from sos_site.templatetags.dates import short_date

register = template.Library()

OVERDUE_VISIT_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell" data-label="Case">'
    '<a class="govuk-link" href="{}#visits">{}<span class="govuk-visually-hidden">: visits</span>'
    '</a><br><span class="govuk-body-s">{}, counted from {}</span></td>'
    "{}"
    '<td class="govuk-table__cell" data-label="Visit due by">{}</td>'
    '<td class="govuk-table__cell" data-label="Status">{}</td>'
    "</tr>"
)


@register.simple_tag
def overdue_visit_rows(deadlines, show_worker=False):
    """A row for each overdue visit (visits/_overdue_visits.html), the case's worker named
    where asked. Written here, as Django's admin writes the rows of its lists, rather than in
    the template: a team's list has a row for each of dozens of cases, and the template cost
    each one 500 Python calls."""
    return format_html_join(
        "",
        OVERDUE_VISIT_ROW,
        (
            (
                path_to("case_detail", deadline.case.pk),
                deadline.case.reference,
                deadline.case.get_practice_context_display(),
                deadline.counted_from,
                worker_cell(deadline.case) if show_worker else "",
                short_date(deadline.due),
                deadline_tag(deadline),
            )
            for deadline in deadlines
        ),
    )
