"""`{% path "case_detail" case.pk %}`, which every template has (settings.TEMPLATES'
builtins): `{% url %}` for the service's pages, at a fraction of its cost (sos_site.paths)."""

from django import template

from sos_site.paths import path_to

register = template.Library()


@register.simple_tag
def path(viewname, *keys):
    return path_to(viewname, *keys)
