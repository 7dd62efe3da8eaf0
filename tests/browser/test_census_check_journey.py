"""A census check's page in the browser: while the check runs it says so and refreshes itself
when the worker has finished, then shows the results. The returns page and a check's page, done,
failed or waiting, pass axe and fit 320 pixels."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from returns.models import ReturnRun
from tests.browser.test_small_screens import check_at_both_widths
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILURE = {
    "rule": "8805",
    "message": "A CIN case cannot have a CIN closure date without a Reason for Closure",
    "items": "Reason for closing",
    "child": "1234",
    "case": None,
    "referral": None,
}


def census_check(devi, **fields):
    return ReturnRun.objects.create(kind="census_check", year=2027, run_by=devi, **fields)


def test_the_check_page_refreshes_itself_when_the_worker_has_finished(
    page, live_server, sign_in, check_accessibility, devi
):
    run = census_check(devi, status="waiting")
    sign_in("devi", TEST_PASSWORD)
    check_accessibility()

    page.goto(live_server.url + reverse("returns_census_check_result", args=[run.pk]))
    expect(page.get_by_role("status")).to_contain_text("Checking the census")
    check_accessibility()
    run.start()
    run.finish(children=1, results={"errors": [FAILURE], "queries": [], "crashed_rules": []})

    expect(page.get_by_role("heading", name="1 error to fix")).to_be_visible(timeout=10_000)
    expect(page).to_have_title(re.compile("^1 error: Census check"))
    check_accessibility()


def test_every_page_devi_reaches_fits_a_phone(
    page, live_server, sign_in, check_accessibility, devi
):
    done = census_check(devi, status="waiting")
    done.start()
    done.finish(children=1, results={"errors": [FAILURE], "queries": [], "crashed_rules": []})
    failed = census_check(devi, status="waiting")
    failed.start()
    failed.fail("The census validator is not installed: run make cin-validator.")
    waiting = census_check(devi, status="waiting")
    sign_in("devi", TEST_PASSWORD)
    check_accessibility()
    check_at_both_widths(
        page,
        check_accessibility,
        [
            live_server.url + reverse("returns"),
            *(
                live_server.url + reverse("returns_census_check_result", args=[run.pk])
                for run in [done, failed, waiting]
            ),
        ],
    )
