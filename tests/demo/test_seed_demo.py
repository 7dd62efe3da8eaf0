import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Case, FamilyMember, Person, PracticeContext, Referral, Team, User
from demo.management.commands.seed_demo import DEMO_PASSWORD
from meetings.models import Meeting
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings):
    settings.DEBUG = True


def test_seed_demo_creates_the_demo_logins(demo_mode, capsys):
    call_command("seed_demo")

    roles = {
        user.username: (user.role, str(user.team or user.agency)) for user in User.objects.all()
    }
    assert roles == {
        "sam": ("social_worker", "North"),
        "morgan": ("manager", "North"),
        "riley": ("service_manager", ""),
        "casey": ("manager", "South"),
        "alex": ("social_worker", "South"),
        "pat": ("partner", "Riverside Primary School"),
        "admin": ("admin", ""),
        "devi": ("data_officer", ""),
    }
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="riley").managed_team_ids == {
        team.pk for team in Team.objects.filter(name__in=["North", "South"])
    }
    output = capsys.readouterr().out
    assert "sam" in output
    assert DEMO_PASSWORD in output


def test_seed_demo_adds_families_with_one_case_in_each_main_practice_context(demo_mode):
    call_command("seed_demo")

    cases = {case.practice_context: case for case in Case.objects.all()}
    assert set(cases) >= {
        PracticeContext.EARLY_HELP,
        PracticeContext.CHILD_PROTECTION,
        PracticeContext.CHILD_IN_CARE,
    }
    protection = cases[PracticeContext.CHILD_PROTECTION]
    assert protection.allocated_worker.username == "sam"
    assert protection.children.count() == 2
    assert set(protection.family_members.values_list("relationship", flat=True)) >= {
        FamilyMember.Relationship.MOTHER,
        FamilyMember.Relationship.GRANDPARENT,
    }
    assert cases[PracticeContext.CHILD_IN_CARE].team.name == "South"
    assert all(case.reference.startswith("SOS-") for case in cases.values())
    assert protection.safety_network.active().count() == 2


def test_seed_demo_leaves_a_referral_waiting_and_a_case_only_morgan_can_see(demo_mode):
    call_command("seed_demo")

    assert Referral.objects.awaiting_decision().filter(team__name="North").count() == 1
    restricted = Case.objects.get(restricted=True)
    visible_to = [
        user.username for user in User.objects.all() if restricted in Case.objects.visible_to(user)
    ]
    assert visible_to == ["morgan"]


def test_seed_demo_can_run_twice_without_duplicating_anything(demo_mode):
    models = [User, Team, Case, Person, FamilyMember, Visit]
    call_command("seed_demo")
    counts = [model.objects.count() for model in models] + [User.history.count()]

    call_command("seed_demo")

    assert [model.objects.count() for model in models] + [User.history.count()] == counts


def test_seed_demo_refuses_in_production_mode(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs when DJANGO_DEBUG=true"):
        call_command("seed_demo")

    assert not User.objects.exists()
    assert not Case.objects.exists()


def test_every_demo_version_has_someone_to_decide_and_morgans_queue_has_work(demo_mode, client):
    from assessments.models import Assessment
    from plans.models import SafetyPlan

    call_command("seed_demo")

    waiting = [*Assessment.objects.submitted(), *SafetyPlan.objects.submitted()]
    assert waiting
    assert all(list(version.deciders()) for version in waiting)
    client.force_login(User.objects.get(username="morgan"))
    queue = client.get("/").content.decode().split("Waiting for your decision")[1]
    assert "Sign off: Assessment 1" in queue
    assert "Approve: Wellbeing plan, version 1" in queue  # Mia's, in early help's words


def test_seed_demo_leaves_a_conference_going_on_today_ready_for_the_register(demo_mode):
    call_command("seed_demo")

    protection = Case.objects.get(practice_context=PracticeContext.CHILD_PROTECTION)
    today = protection.meetings.get(held_at__date=timezone.localdate())
    assert today.kind == Meeting.Kind.REVIEW_CONFERENCE
    assert today.status == Meeting.Status.DRAFT
    assert sorted(today.attendees.values_list("kind", flat=True)) == [
        "child",
        "family",
        "family",
        "professional",
        "professional",
    ]
    assert not today.attendees.filter(kind="professional", agency="").exists()
    assert today.attendees.get(name="Sam Okafor").user.username == "sam"
    assert not today.answers.exists()
    assert protection.meetings.count() == 4


def test_seed_demo_has_visits_and_jordans_is_overdue_on_alexs_home_page(demo_mode, client):
    call_command("seed_demo")
    reid = Case.objects.get(children__first_name="Leo")
    jordan = Case.objects.get(children__first_name="Jordan")
    panel = "Your cases with a visit overdue"

    assert reid.visits.filter(child__first_name="Leo", seen_alone=True, bedroom_seen=True)
    client.force_login(User.objects.get(username="alex"))
    home = client.get("/").content.decode()
    assert panel in home
    assert f'#visits">{jordan.reference}<span' in home
    client.force_login(User.objects.get(username="sam"))
    assert f'#visits">{reid.reference}<span' not in client.get("/").content.decode()
