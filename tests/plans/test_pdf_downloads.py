"""What a plan PDF download does besides the PDF: the access log says what happened, a lost
file is rendered again, a job nobody picks up is reported, and the words are the case's."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import Assessment, DangerStatement, SafetyGoal
from cases.models import AccessLogEntry, PracticeContext
from plans.models import PlanPdf
from tests.conftest import DATABASE_TASKS, IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The real database queue, with no worker running."""
    settings.TASKS = DATABASE_TASKS


def pdf_url(plan):
    return reverse("plan_pdf", args=[plan.pk])


def log_rows(plan):
    return list(AccessLogEntry.objects.filter(path=pdf_url(plan)).values_list("action", "allowed"))


def text_of(data, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_polling_while_it_is_prepared_logs_no_download(
    client, pat, pat_grant, approved_plan, queue
):
    DBTaskResult.objects.all().delete()  # approval queued one already; start from nothing
    client.force_login(pat)

    assert client.get(pdf_url(approved_plan)).status_code == 202
    for _ in range(5):
        assert client.get(pdf_url(approved_plan), {"check": 1}).json()["ready"] is False

    assert log_rows(approved_plan) == [("request plan PDF", True)]


def test_a_download_is_logged_once_when_the_pdf_is_sent(client, pat, pat_grant, approved_plan):
    client.force_login(pat)

    response = client.get(pdf_url(approved_plan))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert log_rows(approved_plan) == [("download plan PDF", True)]
    assert AccessLogEntry.objects.get().user == pat


def test_a_partner_asking_for_a_superseded_plan_gets_404_and_a_refusal_only(
    client, sam, morgan, pat, pat_grant, approved_plan
):
    newer = approved_plan.start_new_version(by=sam)
    newer.submit(by=sam)
    newer.approve(by=morgan)
    client.force_login(pat)

    assert client.get(pdf_url(approved_plan)).status_code == 404
    assert client.get(pdf_url(approved_plan), {"check": 1}).status_code == 404

    assert log_rows(approved_plan) == [("download plan PDF", False)] * 2


def test_a_pdf_missing_from_storage_is_rendered_again(client, sam, approved_plan):
    client.force_login(sam)
    assert client.get(pdf_url(approved_plan)).status_code == 200
    lost = PlanPdf.objects.get()
    lost.file.storage.delete(lost.file.name)

    response = client.get(pdf_url(approved_plan))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    again = PlanPdf.objects.get()
    assert again.pk != lost.pk
    assert again.file.storage.exists(again.file.name)


def test_a_job_no_worker_picks_up_is_explained_and_reported_by_healthz(
    client, pat, pat_grant, approved_plan, queue
):
    client.force_login(pat)
    page = client.get(pdf_url(approved_plan)).content.decode()
    assert "data-pdf-waited-too-long hidden" in page
    assert client.get(pdf_url(approved_plan), {"check": 1}).json()["waited_too_long"] is False

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    page = client.get(pdf_url(approved_plan)).content.decode()

    assert "data-pdf-waited-too-long hidden" not in page
    assert "The PDF has not been started after a minute." in page
    assert "Try again later, or ask your social worker for a printed copy." in page
    assert client.get(pdf_url(approved_plan), {"check": 1}).json() == {
        "ready": False,
        "waited_too_long": True,
    }
    health = client.get(reverse("healthz")).content.decode()
    assert re.fullmatch(r"ok\npdfs queue: oldest job waiting 9\d s", health), health


def test_early_help_words_on_the_preparing_page_and_no_danger_in_the_pdf(
    client, sam, morgan, reid_case, approved_plan, queue, settings, tmp_path
):
    reid_case.practice_context = PracticeContext.EARLY_HELP
    reid_case.save()
    client.force_login(sam)
    page = client.get(pdf_url(approved_plan)).content.decode()
    assert "Your wellbeing plan is being prepared" in page
    assert "safety plan" not in page.lower()

    assessment = Assessment.start(case=reid_case, by=sam)
    DangerStatement.objects.create(
        assessment=assessment,
        who_is_worried="Sam",
        worried_behaviour="Daniel shouts at Leo",
        likely_impact="Leo could be frightened",
    )
    assessment.submit(by=sam)
    assessment.sign_off(by=morgan)
    draft = approved_plan.start_new_version(by=sam)
    settings.TASKS = IMMEDIATE_TASKS

    text = text_of(client.get(pdf_url(draft)).content, tmp_path)

    assert "Critical worry statement 1" in text
    assert "danger" not in text.lower()


def test_a_goal_ends_with_a_full_stop_before_for_how_long(client, sam, morgan, reid_case, plan):
    assessment = Assessment.start(case=reid_case, by=sam)
    statement = DangerStatement.objects.create(
        assessment=assessment,
        who_is_worried="Sam",
        worried_behaviour="Daniel shouts at Leo",
        likely_impact="Leo could be frightened",
    )
    SafetyGoal.objects.create(
        danger_statement=statement,
        what_needs_to_be_seen="Leo is calm and safe at home",
        how_long="Six months",
    )
    client.force_login(sam)

    on_the_assessment = client.get(assessment.get_absolute_url()).content.decode()
    assessment.submit(by=sam)
    assessment.sign_off(by=morgan)
    on_the_plan = client.get(plan.get_absolute_url()).content.decode()

    assert "Leo is calm and safe at home.</p>" in on_the_assessment
    assert "Leo is calm and safe at home. <strong>For how long:</strong> Six months." in on_the_plan
