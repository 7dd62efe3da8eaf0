"""Allocation, closing and reopening, restriction and partner access: a manager's decisions."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, PartnerAccessGrant
from tests.cases.test_case_pages import date_fields
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_manager_reallocates_a_case(client, morgan, jo, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("case_allocate", args=[reid_case.pk]), {"allocated_worker": jo.pk}
    )

    assert response.status_code == 302
    reid_case.refresh_from_db()
    assert reid_case.allocated_worker == jo
    assert reid_case.history.first().history_user == morgan
    assert reid_case.history.first().allocated_worker_id == jo.pk


def test_a_case_cannot_be_allocated_to_someone_in_another_team(client, morgan, alex, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("case_allocate", args=[reid_case.pk]), {"allocated_worker": alex.pk}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    reid_case.refresh_from_db()
    assert reid_case.allocated_worker.username == "sam"


def test_closing_needs_a_reason_and_reopening_needs_one_too(client, morgan, reid_case):
    client.force_login(morgan)
    today = timezone.localdate()

    refused = client.post(
        reverse("case_close", args=[reid_case.pk]), date_fields("closed_on", today)
    )
    assert "Enter why the case is closing" in refused.content.decode()

    client.post(
        reverse("case_close", args=[reid_case.pk]),
        {
            "reason": "The family moved to Leeds; case passed to Leeds City Council.",
            "reason_for_closure": "RC5",
            **date_fields("closed_on", today),
        },
    )
    reid_case.refresh_from_db()
    assert (reid_case.status, reid_case.closed_on) == (Case.Status.CLOSED, today)
    assert reid_case.closure_reason.startswith("The family moved to Leeds")

    client.post(reverse("case_reopen", args=[reid_case.pk]), {"reason": "They came back."})
    reid_case.refresh_from_db()
    assert reid_case.status == Case.Status.OPEN
    assert reid_case.closed_on is None
    assert [entry.status for entry in reid_case.history.all()[:3]] == ["open", "closed", "open"]


def test_a_case_cannot_close_before_it_opened(client, morgan, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("case_close", args=[reid_case.pk]),
        {
            "reason": "Done",
            **date_fields("closed_on", reid_case.opened_on - datetime.timedelta(days=1)),
        },
    )

    assert "on or after the date the case opened" in response.content.decode()
    reid_case.refresh_from_db()
    assert reid_case.status == Case.Status.OPEN


def test_a_restricted_case_disappears_for_everyone_not_named(client, morgan, sam, jo, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("case_restrict", args=[reid_case.pk]),
        {"restricted": "on", "named_users": [morgan.pk, jo.pk]},
    )

    assert response.status_code == 302
    reid_case.refresh_from_db()
    assert reid_case.restricted
    assert set(reid_case.named_users.values_list("user__username", flat=True)) == {"morgan", "jo"}
    # Sam is the allocated worker but not named: the case is gone from his lists and pages.
    client.force_login(sam)
    assert client.get(reverse("case_detail", args=[reid_case.pk])).status_code == 404
    assert reid_case not in client.get(reverse("home")).context["cases"]
    search = client.get(reverse("search"), {"q": reid_case.reference})
    assert list(search.context["cases"]) == []
    assert "0 cases found" in search.content.decode()
    client.force_login(jo)
    assert client.get(reverse("case_detail", args=[reid_case.pk])).status_code == 200


def test_restricting_needs_the_manager_named_too(client, morgan, jo, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("case_restrict", args=[reid_case.pk]), {"restricted": "on", "named_users": [jo.pk]}
    )

    assert "Name yourself too" in response.content.decode()
    reid_case.refresh_from_db()
    assert not reid_case.restricted


def test_lifting_a_restriction_removes_the_named_list(client, morgan, reid_case):
    reid_case.restrict([morgan], by=morgan)
    client.force_login(morgan)

    # With both boxes clear, a browser sends only the button.
    client.post(reverse("case_restrict", args=[reid_case.pk]), {"submit": "Save"})

    reid_case.refresh_from_db()
    assert not reid_case.restricted
    assert not reid_case.named_users.exists()


def test_a_manager_gives_a_partner_access(client, morgan, pat, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("partner_access", args=[reid_case.pk]),
        {
            "partner": pat.pk,
            **date_fields("valid_from", datetime.date(2026, 11, 25)),
            **date_fields("valid_until", datetime.date(2027, 5, 25)),
        },
    )

    assert response.status_code == 302
    grant = PartnerAccessGrant.objects.get()
    assert (grant.partner, grant.case, grant.granted_by) == (pat, reid_case, morgan)
    assert grant.history.get().history_user == morgan


def test_access_cannot_be_given_to_someone_who_is_not_a_partner(client, morgan, jo, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("partner_access", args=[reid_case.pk]),
        {
            "partner": jo.pk,
            **date_fields("valid_from", datetime.date(2026, 11, 25)),
            **date_fields("valid_until", datetime.date(2027, 5, 25)),
        },
    )

    html = response.content.decode()
    assert "Only partner agency users can be given access" in html
    assert re.search(r'name="valid_until_2"[^>]*value="2027"', html)
    assert not PartnerAccessGrant.objects.exists()


def test_access_must_end_after_it_starts(client, morgan, pat, reid_case):
    client.force_login(morgan)

    response = client.post(
        reverse("partner_access", args=[reid_case.pk]),
        {
            "partner": pat.pk,
            **date_fields("valid_from", datetime.date(2026, 11, 25)),
            **date_fields("valid_until", datetime.date(2026, 11, 1)),
        },
    )

    assert "The end date must be on or after the start date" in response.content.decode()
    assert not PartnerAccessGrant.objects.exists()


def test_revoking_a_grant_records_who_and_why(client, morgan, reid_case, pat_grant):
    client.force_login(morgan)

    client.post(
        reverse("partner_revoke", args=[reid_case.pk, pat_grant.pk]),
        {"reason": "Pat left the school."},
    )

    pat_grant.refresh_from_db()
    assert not pat_grant.is_active
    assert (pat_grant.revoked_by, pat_grant.revoke_reason) == (morgan, "Pat left the school.")
    assert PartnerAccessGrant.objects.active().count() == 0


def test_a_grant_on_another_case_cannot_be_revoked_from_this_one(client, morgan, north, pat_grant):
    other_case = CaseFactory(team=north)
    client.force_login(morgan)

    response = client.get(reverse("partner_revoke", args=[other_case.pk, pat_grant.pk]))

    assert response.status_code == 404


def test_the_case_page_says_how_many_grants_are_recorded_revoked_ones_too(
    client, morgan, pat, reid_case
):
    client.force_login(morgan)
    page = reverse("case_detail", args=[reid_case.pk])
    assert "Partner access</a> (0 grants recorded)" in client.get(page).content.decode()

    for valid_from in [datetime.date(2026, 11, 25), datetime.date(2026, 12, 1)]:
        client.post(
            reverse("partner_access", args=[reid_case.pk]),
            {
                "partner": pat.pk,
                **date_fields("valid_from", valid_from),
                **date_fields("valid_until", valid_from + datetime.timedelta(days=90)),
            },
        )
    first = PartnerAccessGrant.objects.order_by("pk").first()
    client.post(reverse("partner_revoke", args=[reid_case.pk, first.pk]), {"reason": "Replaced."})

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert PartnerAccessGrant.objects.filter(case=reid_case).count() == 2
    assert "Partner access</a> (2 grants recorded)" in client.get(page).content.decode()
