"""The rows of the long lists (caseloads and search, what is due, overdue visits), which their
template tags write: the same cells the templates wrote, escaped the same way."""

import datetime

import pytest
from django.template import engines
from django.test import SimpleTestCase
from django.utils import dateformat, timezone

from cases.models import Case, PracticeContext, Referral, User
from meetings.summary import CaseDates
from meetings.timescales import Deadline


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def a_case(**fields):
    worker = User(first_name="Sam", last_name="Patel", username="sam")
    case = Case(
        pk=41,
        reference="SOS-2026-00041",
        practice_context=PracticeContext.EARLY_HELP,
        opened_on=datetime.date(2026, 10, 1),
        allocated_worker=worker,
        **fields,
    )
    case.child_names = "Leo Reid, Amy <Reid>"
    return case


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class CaseRowTests(SimpleTestCase):
    def test_a_row_links_the_case_and_says_what_it_is(self):
        html = render("{% load case_tags %}{% case_rows cases %}", cases=[a_case()])

        self.assertHTMLEqual(
            html,
            '<tr class="govuk-table__row">'
            '<td class="govuk-table__cell" data-label="Case">'
            '<a class="govuk-link" href="/cases/41/">SOS-2026-00041</a></td>'
            '<td class="govuk-table__cell" data-label="Children">Leo Reid, Amy &lt;Reid&gt;</td>'
            '<td class="govuk-table__cell" data-label="Kind of work">Early help</td>'
            '<td class="govuk-table__cell" data-label="Status">'
            '<strong class="govuk-tag govuk-tag--green">Open</strong></td>'
            '<td class="govuk-table__cell" data-label="Opened">1 Oct 2026</td>'
            "</tr>",
        )

    def test_a_managers_rows_name_the_worker_and_say_closed_and_restricted(self):
        unallocated = a_case(status=Case.Status.CLOSED, restricted=True)
        unallocated.allocated_worker = None
        source = "{% load case_tags %}{% case_rows cases True %}"

        html = render(source, cases=[a_case(), unallocated])

        self.assertInHTML(
            '<td class="govuk-table__cell" data-label="Allocated worker">Sam Patel</td>', html
        )
        self.assertInHTML(
            '<td class="govuk-table__cell" data-label="Allocated worker">Not allocated</td>', html
        )
        self.assertInHTML(
            '<td class="govuk-table__cell" data-label="Status">'
            '<strong class="govuk-tag govuk-tag--grey">Closed</strong> '
            '<strong class="govuk-tag govuk-tag--red">Restricted</strong></td>',
            html,
        )
        assert html.count("<tr ") == 2

    def test_no_cases_no_rows(self):
        assert render("{% load case_tags %}{% case_rows cases %}", cases=[]) == ""


class DueWorkRowTests(SimpleTestCase):
    def test_a_step_due_on_a_case_and_a_referral_waiting_for_a_decision(self):
        case = CaseDates(41, "SOS-2026-00041", "child_protection", None, None, False)
        referral = Referral(pk=7, child_first_name="Amy", child_last_name="<Reid>")
        deadlines = [
            Deadline("First core group", in_days(-2), "the initial conference", case),
            Deadline("Decision on the referral", in_days(3), "its arrival", referral=referral),
        ]

        html = render("{% load deadline_tags %}{% due_work_rows deadlines %}", deadlines=deadlines)
        two_days_ago = dateformat.format(in_days(-2), "j M Y")

        self.assertInHTML(
            '<tr class="govuk-table__row">'
            '<td class="govuk-table__cell" data-label="What is due">First core group<br>'
            '<span class="govuk-body-s">counted from the initial conference</span></td>'
            '<td class="govuk-table__cell" data-label="Case">'
            '<a class="govuk-link" href="/cases/41/">SOS-2026-00041</a></td>'
            f'<td class="govuk-table__cell" data-label="Due by">{two_days_ago}</td>'
            '<td class="govuk-table__cell" data-label="Status">'
            '<strong class="govuk-tag govuk-tag--red">Overdue by 2 days</strong></td>'
            "</tr>",
            html,
        )
        self.assertInHTML(
            '<td class="govuk-table__cell" data-label="Case"><a class="govuk-link" '
            'href="/referrals/7/">Referral: Amy &lt;Reid&gt;</a></td>',
            html,
        )
        self.assertInHTML(
            '<strong class="govuk-tag govuk-tag--yellow">Due in 3 days</strong>', html
        )


@pytest.mark.parametrize(("show_worker", "cells"), [(False, 3), (True, 4)])
def test_an_overdue_visit_links_the_cases_visits(show_worker, cells):
    case = a_case()
    deadlines = [Deadline("Visit", in_days(-1), "the last visit", case)]

    html = render(
        "{% load visit_tags %}{% overdue_visit_rows deadlines show_worker %}",
        deadlines=deadlines,
        show_worker=show_worker,
    )

    assert html.startswith(
        '<tr class="govuk-table__row"><td class="govuk-table__cell" data-label="Case">'
        '<a class="govuk-link" href="/cases/41/#visits">SOS-2026-00041'
        '<span class="govuk-visually-hidden">: visits</span></a><br>'
        '<span class="govuk-body-s">Early help, counted from the last visit</span></td>'
    )
    assert html.count("<td ") == cells
    assert ('data-label="Allocated worker">Sam Patel</td>' in html) is show_worker
    assert '<strong class="govuk-tag govuk-tag--red">Overdue by 1 day</strong>' in html
