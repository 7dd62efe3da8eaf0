"""How a statutory deadline is shown wherever it is listed."""

from django import template
from django.utils.html import format_html

from sos_site.templatetags.govuk import tag

register = template.Library()


@register.simple_tag
def deadline_tag(deadline):
    """A GOV.UK tag for how soon the deadline falls: red once overdue, orange on the day, yellow
    within the week, else blue. A tag rather than an included template: the lists of what is
    due show one in each of their rows."""
    days = deadline.days_left
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
