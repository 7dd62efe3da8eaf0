"""How a case's state is shown wherever it is listed."""

from django import template
from django.utils.html import format_html

from sos_site.templatetags.govuk import tag

register = template.Library()


@register.simple_tag
def status_tags(case):
    """GOV.UK tags for whether the case is open or closed, and restricted. A tag rather than an
    included template: a team's caseload shows one in each of its rows."""
    status = tag("grey", "Closed") if case.is_closed else tag("green", "Open")
    if case.restricted:
        return format_html("{} {}", status, tag("red", "Restricted"))
    return status
