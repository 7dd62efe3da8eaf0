"""The tags every list of cases shows for a case's state."""

import pytest
from django.template import engines

from cases.models import Case

TEMPLATE = engines["django"].from_string("{% load case_tags %}{% status_tags case %}")
OPEN = '<strong class="govuk-tag govuk-tag--green">Open</strong>'
CLOSED = '<strong class="govuk-tag govuk-tag--grey">Closed</strong>'
RESTRICTED = '<strong class="govuk-tag govuk-tag--red">Restricted</strong>'


@pytest.mark.parametrize(
    ("status", "restricted", "html"),
    [
        (Case.Status.OPEN, False, OPEN),
        (Case.Status.CLOSED, False, CLOSED),
        (Case.Status.OPEN, True, f"{OPEN} {RESTRICTED}"),
        (Case.Status.CLOSED, True, f"{CLOSED} {RESTRICTED}"),
    ],
)
def test_a_case_is_tagged_open_or_closed_and_restricted_where_it_is(status, restricted, html):
    assert TEMPLATE.render({"case": Case(status=status, restricted=restricted)}) == html
