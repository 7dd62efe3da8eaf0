"""seed_bench: council-scale invented data, with real history, that the benchmark can sign in to."""

import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import MappingEntry
from bench.management.commands.seed_bench import BENCH_PASSWORD, Command, bench_totp_key
from cases.models import AccessLogEntry, Case, Person, PracticeContext, User
from plans.models import SafetyPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_bench", cases=40, stdout=io.StringIO(), stderr=io.StringIO())


def test_it_writes_cases_people_and_real_history(seeded):
    assert Case.objects.count() == 40
    assert Person.objects.count() == 200
    assert not Person.objects.filter(search_name="").exists()
    entry = MappingEntry.objects.select_related("assessment__case").first()
    history = list(entry.history.order_by("history_date").values_list("history_type", flat=True))
    assert history == ["+", "~", "~", "~", "~"]
    assert entry.history.first().history_user == entry.assessment.case.allocated_worker
    case = Case.objects.first()
    assert case.history.get().history_type == "+"
    assert User.objects.filter(role=User.Role.SOCIAL_WORKER).count() >= 16


def test_history_and_the_access_log_read_back_as_they_were_written(seeded):
    """On PostgreSQL these rows go in with COPY rather than through the ORM."""
    case = Case.objects.exclude(safety_plans__status=SafetyPlan.Status.APPROVED).first()
    plan_history = case.safety_plans.get().history.get()
    assert plan_history.frozen == {}
    assert plan_history.history_user == case.allocated_worker
    views = AccessLogEntry.objects.filter(case=case)
    assert views.count() == 20
    assert set(views.values_list("user", "action", "path")) == {
        (case.allocated_worker_id, "view the case", f"/cases/{case.pk}/")
    }


def test_a_benchmark_user_signs_in_with_password_and_code_and_sees_their_caseload(seeded, client):
    worker = User.objects.get(username="bench-worker-1")
    client.post(reverse("login"), {"username": worker.username, "password": BENCH_PASSWORD})
    code = totp(bytes.fromhex(bench_totp_key(worker.username)))

    assert client.post(reverse("second_factor"), {"code": f"{code:06d}"}).status_code == 302
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert Case.objects.filter(allocated_worker=worker).first().reference in page.content.decode()


def test_the_benchmark_manager_reads_a_seeded_timeline(seeded, client):
    manager = User.objects.get(username="bench-manager-1")
    case = Case.objects.filter(team=manager.team).first()
    client.force_login(manager)

    response = client.get(reverse("case_history", args=[case.pk]))

    assert response.status_code == 200
    assert len(response.context["events"]) >= 20


def test_the_partner_is_invited_to_one_approved_plan(seeded, client):
    plan = SafetyPlan.objects.get(case__partner_grants__isnull=False)
    partner = User.objects.get(username="bench-partner")

    assert plan.status == SafetyPlan.Status.APPROVED
    assert plan.case.partner_grants.get().partner == partner
    assert plan.frozen["network"]


def test_a_child_in_need_plan_is_agreed_and_other_plans_wait_in_draft(seeded):
    """The census counts a child in need plan from the day it was approved."""
    approved = SafetyPlan.objects.filter(status=SafetyPlan.Status.APPROVED)

    assert approved.filter(case__practice_context=PracticeContext.CHILD_IN_NEED).exists()
    assert not approved.exclude(case__practice_context=PracticeContext.CHILD_IN_NEED).exclude(
        case__partner_grants__isnull=False
    )


def test_it_refuses_production_mode_and_a_database_with_cases(settings, seeded):
    with pytest.raises(CommandError, match="no cases"):
        call_command("seed_bench", cases=1, stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_bench", cases=1, stdout=io.StringIO())


def surnames_drawn(seed, count):
    command = Command()
    command.random = random.Random(seed)  # noqa: S311
    return Counter(command.surname() for _ in range(count))


def test_a_few_surnames_are_very_common_and_a_long_tail_rare():
    surnames = surnames_drawn(2026, 50_000)
    (commonest, top), *_ = surnames.most_common(5)

    assert commonest == "Smith"
    assert 0.01 <= top / 50_000 <= 0.025
    # The five commonest are under a tenth of everyone, and over a thousand names are each
    # shared by fewer than 20 people in 50,000 (0.04%).
    assert sum(n for _, n in surnames.most_common(5)) / 50_000 < 0.10
    assert sum(1 for n in surnames.values() if n < 20) > 1_000


def test_the_same_seed_draws_the_same_surnames():
    assert surnames_drawn(7, 1_000) == surnames_drawn(7, 1_000)
    assert surnames_drawn(7, 1_000) != surnames_drawn(8, 1_000)


def test_the_benchmark_users_span_many_teams_and_sign_in_with_their_own_codes(seeded):
    workers = User.objects.filter(username__startswith="bench-worker-")
    managers = User.objects.filter(username__startswith="bench-manager-")

    assert workers.count() == 48
    assert set(workers.values_list("role", flat=True)) == {User.Role.SOCIAL_WORKER}
    assert workers.values("team").distinct().count() == 24
    assert managers.count() == 8
    assert set(managers.values_list("role", flat=True)) == {User.Role.MANAGER}
    assert managers.values("team").distinct().count() == 8
    bench_users = User.objects.filter(username__startswith="bench-")
    assert TOTPDevice.objects.filter(user__in=bench_users).count() == 48 + 8 + 1
    device = TOTPDevice.objects.get(user__username="bench-worker-48")
    assert device.key == bench_totp_key("bench-worker-48")
