"""bench_load's mixed run: a council's working day of many users across many teams and cases,
each asking only for what they may see, in a working day's mix."""

import io
import random
import re
from collections import Counter

import pytest
from django.core.management import call_command

from assessments.models import MappingEntry
from bench.management.commands.bench_load import (
    MIX,
    TRIVIAL,
    commonest_surname,
    request_list,
)
from cases.access import MANAGE, PLAN, READ, WRITE, access_level
from cases.models import Case, Person, User
from plans.models import SafetyPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(settings):
    """The mixed list on a small council: 48 cases, two in each of 24 teams."""
    settings.DEBUG = True
    call_command("seed_bench", cases=48, stdout=io.StringIO(), stderr=io.StringIO())
    tokens = dict.fromkeys(User.objects.values_list("username", flat=True), "token")
    return request_list(tokens, rng=random.Random(2026))  # noqa: S311


def case_of(request):
    match = re.match(r"^/cases/(\d+)/", request.path)
    if match:
        return Case.objects.get(pk=match[1])
    if request.kind == "assessment save":
        return MappingEntry.objects.get(pk=request.entry_pk).assessment.case
    if request.kind == "plan PDF":
        return SafetyPlan.objects.get(pk=re.match(r"^/plans/(\d+)/pdf/$", request.path)[1]).case
    return None


def test_the_day_has_the_issues_mix_with_the_trivial_view_as_two_in_a_hundred(day):
    kinds = Counter(request.kind for request in day)

    assert {kind: kinds[kind] for kind in MIX} == {
        "case page": 290,
        "caseload": 200,
        "timeline": 150,
        "search": 150,
        "assessment save": 160,
        "plan PDF": 50,
    }
    assert kinds[TRIVIAL] == 20
    assert len(day) == 1020
    # Shuffled: the first hundred requests are not all of one kind.
    assert len({request.kind for request in day[:100]}) >= 5


def test_at_least_40_workers_6_managers_and_the_partner_take_part_across_20_teams(day):
    users = User.objects.filter(username__in={request.username for request in day})
    cases = {case_of(request) for request in day} - {None}

    assert users.filter(role=User.Role.SOCIAL_WORKER).count() >= 40
    assert users.filter(role=User.Role.MANAGER).count() >= 6
    assert users.filter(role=User.Role.PARTNER).get().username == "bench-partner"
    assert len({case.team_id for case in cases}) >= 20
    assert len(cases) >= 40


def test_every_request_is_for_a_case_its_sender_may_open_at_the_level_it_needs(day):
    need = {
        "case page": READ,
        "timeline": MANAGE,
        "assessment save": WRITE,
        "plan PDF": PLAN,
    }
    users = {user.username: user for user in User.objects.all()}

    for request in day:
        case = case_of(request)
        if request.kind in need:
            level = access_level(users[request.username], case)
            assert level >= need[request.kind], (request, level)
            if request.kind == "plan PDF":
                assert level == PLAN
    timeline_readers = {request.username for request in day if request.kind == "timeline"}
    assert {users[name].role for name in timeline_readers} == {User.Role.MANAGER}


def test_half_the_searches_are_for_the_commonest_surname(day):
    surname = commonest_surname()
    searches = [request.path for request in day if request.kind == "search"]

    assert Person.objects.filter(last_name=surname).count() == max(
        Person.objects.filter(last_name=name).count()
        for name in Person.objects.values_list("last_name", flat=True)
    )
    assert sum(path == f"/search/?q={surname}" for path in searches) == 75


def test_every_save_edits_its_own_draft_entry_and_writes_history_when_replayed(day, client):
    saves = [request for request in day if request.kind == "assessment save"]
    assert len({request.entry_pk for request in saves}) == len(saves)

    for request in saves:
        entry = MappingEntry.objects.get(pk=request.entry_pk)
        assert entry.assessment.is_draft
        history, revision = entry.history.count(), entry.revision
        client.force_login(User.objects.get(username=request.username))

        response = client.post(
            request.path,
            request.body_at(entry.revision),
            content_type="application/x-www-form-urlencoded",
        )

        assert response.status_code == request.expected == 302
        entry.refresh_from_db()
        assert entry.revision == entry.history.first().revision == revision + 1
        assert entry.history.count() == history + 1
        assert entry.text.endswith("was calm and chatty at the home visit.")
