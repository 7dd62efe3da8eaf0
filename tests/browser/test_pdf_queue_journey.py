"""Pat asks for a plan PDF before it is ready: a clear page, then the PDF once the worker is done."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from plans.models import PlanRule, SafetyPlan
from tests.conftest import DATABASE_TASKS
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(reid_case, sam, morgan):
    """Leo's plan, approved a moment ago: its PDF is not rendered yet."""
    plan = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=plan,
        what_will_happen="Daniel only sees Leo at Sandra's.",
        professional="Sam",
        how_we_will_know="Sandra tells Sam.",
    )
    plan.submit(by=sam)
    plan.approve(by=morgan)
    return plan


@pytest.fixture
def pat_asks_for_the_pdf(
    page, live_server, sign_in, check_accessibility, settings, pat_grant, plan
):
    """Pat, invited to the case, signs in and asks for the plan's PDF, queued for a worker."""
    settings.TASKS = DATABASE_TASKS
    sign_in("pat", TEST_PASSWORD)
    check_accessibility()
    page.goto(live_server.url + reverse("plan_pdf", args=[plan.pk]))
    return plan


def test_pat_waits_for_a_plan_being_prepared_then_downloads_it(
    page, check_accessibility, pat_asks_for_the_pdf
):
    expect(page.get_by_role("heading", level=1)).to_have_text("Your safety plan is being prepared")
    expect(page.get_by_role("status")).to_contain_text("usually takes a few seconds")
    check_accessibility()

    call_command("pdf_worker", once=True)

    expect(page.get_by_role("status")).to_have_text("Your PDF is ready.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    check_accessibility()


def test_with_no_worker_pat_is_told_after_a_minute_what_it_means(
    page, check_accessibility, pat_asks_for_the_pdf
):
    warning = page.get_by_text("The PDF has not been started after a minute.")
    expect(warning).to_be_hidden()

    # A minute passes and no worker has taken the job.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))

    expect(warning).to_be_visible()
    expect(page.get_by_text("Try again later, or ask your social worker")).to_be_visible()
    check_accessibility()
