import pytest
from django.core.management import CommandError, call_command

from cases.management.commands.seed_demo import DEMO_PASSWORD
from cases.models import Team, User

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
        "alex": ("social_worker", "South"),
        "pat": ("partner", "Riverside Primary School"),
        "admin": ("admin", ""),
    }
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    assert User.objects.get(username="admin").is_superuser
    output = capsys.readouterr().out
    assert "sam" in output
    assert DEMO_PASSWORD in output


def test_seed_demo_can_run_twice_without_duplicating_anything(demo_mode):
    call_command("seed_demo")
    counts = (User.objects.count(), Team.objects.count(), User.history.count())

    call_command("seed_demo")

    assert (User.objects.count(), Team.objects.count(), User.history.count()) == counts


def test_seed_demo_refuses_in_production_mode(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs when DJANGO_DEBUG=true"):
        call_command("seed_demo")

    assert not User.objects.exists()
