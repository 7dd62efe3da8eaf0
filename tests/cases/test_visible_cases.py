"""The cases someone may read, as a query: kept as SQL once built, and never stale for that.

visible_case_ids() and the access facts (cases.access.with_access_facts) are built once per
process for each user and their teams. These tests ask the same question before and after a
change, in one process, and expect the answer to change with it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import BreakGlassAccess, Case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_emergency_access_ends_for_a_query_built_while_it_lasted(client, alex, reid_case, morgan):
    reid_case.restrict([morgan], by=morgan)
    access = BreakGlassAccess.objects.create(
        case=reid_case,
        user=alex,
        reason="Police called out of hours.",
        started_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(alex)
    page = reverse("case_detail", args=[reid_case.pk])
    assert list(Case.objects.visible_to(alex)) == [reid_case]
    assert client.get(page).status_code == 200

    # It ends now: after the queries above were built, before the ones below run. (A moment
    # ago, strictly: SQLite's clock counts milliseconds, the stored time microseconds.)
    ended = timezone.now() - datetime.timedelta(milliseconds=2)
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=ended)

    assert list(Case.objects.visible_to(alex)) == []
    assert client.get(page).status_code == 404


def test_being_named_on_a_restricted_case_opens_it_to_a_query_built_before(
    client, jo, reid_case, morgan
):
    reid_case.restrict([morgan], by=morgan)
    client.force_login(jo)
    page = reverse("case_detail", args=[reid_case.pk])
    assert list(Case.objects.visible_to(jo)) == []
    assert client.get(page).status_code == 404

    reid_case.restrict([morgan, jo], by=morgan)

    assert list(Case.objects.visible_to(jo)) == [reid_case]
    assert client.get(page).status_code == 200


def test_a_worker_moved_to_another_team_reads_that_teams_cases(client, alex, north, reid_case):
    south_case = CaseFactory(team=alex.team)
    client.force_login(alex)
    assert list(Case.objects.visible_to(alex)) == [south_case]
    assert client.get(reverse("case_detail", args=[reid_case.pk])).status_code == 404

    alex.team = north
    alex.save()

    assert list(Case.objects.visible_to(alex)) == [reid_case]
    assert client.get(reverse("case_detail", args=[reid_case.pk])).status_code == 200
    assert client.get(reverse("case_detail", args=[south_case.pk])).status_code == 404
