"""The practice's words for pages whose views are not given them (cases' own pages)."""

from django import template

from assessments.terminology import terms_for

register = template.Library()


@register.filter
def network(case):
    """What this case's practice context calls the safety network."""
    return terms_for(case).network
