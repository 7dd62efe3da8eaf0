"""Partners see the current approved plan of the cases they are invited to, and nothing else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(pat, pat_grant, network_member, approved_plan):
    return approved_plan


def test_a_partner_sees_the_case_with_its_current_plan_on_their_home_page(client, pat, invited):
    client.force_login(pat)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert [case.current_plan for case in response.context["cases"]] == [invited]
    assert reverse("plan_detail", args=[invited.pk]) in html
    assert reverse("plan_pdf", args=[invited.pk]) in html


def test_a_partner_reads_and_downloads_the_plan_and_both_are_logged(client, pat, invited):
    client.force_login(pat)

    page = client.get(reverse("plan_detail", args=[invited.pk]))
    pdf = client.get(reverse("plan_pdf", args=[invited.pk]))

    assert page.status_code == 200
    assert "Daniel only sees Leo at Sandra" in page.content.decode()
    assert "Approve this version" not in page.content.decode()
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    log = list(
        AccessLogEntry.objects.filter(user_id=pat.pk)
        .order_by("pk")
        .values_list("action", "allowed", "case_id")
    )
    assert log == [
        ("view a safety plan", True, invited.case_id),
        ("download plan PDF", True, invited.case_id),
    ]


def test_a_partner_never_sees_a_draft_or_an_old_version(client, sam, morgan, pat, invited):
    draft = invited.start_new_version(by=sam)
    client.force_login(pat)
    assert client.get(reverse("plan_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("plan_pdf", args=[draft.pk])).status_code == 404

    draft.submit(by=sam)
    draft.approve(by=morgan)
    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404
    assert client.get(reverse("plan_detail", args=[draft.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(user_id=pat.pk, allowed=False).count() == 3


def test_a_revoked_grant_means_404_at_once(client, pat, morgan, pat_grant, invited):
    client.force_login(pat)
    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 200

    pat_grant.revoke(reason="Pat has left the school.", by=morgan)

    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404
    assert client.get(reverse("plan_pdf", args=[invited.pk])).status_code == 404
    assert list(client.get(reverse("home")).context["cases"]) == []


def test_an_expired_grant_means_404(client, pat, pat_grant, invited):
    pat_grant.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    pat_grant.save()
    client.force_login(pat)

    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404


def test_a_grant_that_has_not_started_yet_means_404(client, pat, pat_grant, invited):
    pat_grant.valid_from = timezone.localdate() + datetime.timedelta(days=1)
    pat_grant.save()
    client.force_login(pat)

    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404


def test_a_partner_sees_no_assessment_scores_or_history(client, pat, sam, invited, reid_case):
    from assessments.models import Assessment

    assessment = Assessment.start(case=reid_case, by=sam)
    client.force_login(pat)

    for url in [
        reverse("case_detail", args=[reid_case.pk]),
        reverse("assessment_detail", args=[assessment.pk]),
        reverse("scaling", args=[reid_case.pk]),
        reverse("admin:index"),
    ]:
        assert client.get(url).status_code in {404, 302}, url


def test_a_partner_without_a_grant_gets_404(client, kim, invited):
    client.force_login(kim)

    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404
    assert client.get(reverse("plan_pdf", args=[invited.pk])).status_code == 404


def test_a_restricted_case_is_hidden_from_a_partner_even_with_a_grant(
    client, pat, morgan, invited, reid_case
):
    reid_case.restrict([morgan], by=morgan)
    client.force_login(pat)

    assert client.get(reverse("plan_detail", args=[invited.pk])).status_code == 404
