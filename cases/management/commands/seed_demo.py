"""Fill a laptop demo with invented people. Safe to run again: it only adds what is missing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Team, User

# Published in README.md; seed_demo refuses to run in production mode.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105

DEMO_USERS = [
    {
        "username": "sam",
        "first_name": "Sam",
        "last_name": "Okafor",
        "role": User.Role.SOCIAL_WORKER,
        "team": "North",
    },
    {
        "username": "morgan",
        "first_name": "Morgan",
        "last_name": "Hughes",
        "role": User.Role.MANAGER,
        "team": "North",
    },
    {
        "username": "alex",
        "first_name": "Alex",
        "last_name": "Brennan",
        "role": User.Role.SOCIAL_WORKER,
        "team": "South",
    },
    {
        "username": "pat",
        "first_name": "Pat",
        "last_name": "Lindqvist",
        "role": User.Role.PARTNER,
        "agency": "Riverside Primary School",
    },
    {
        "username": "admin",
        "first_name": "Ada",
        "last_name": "Administrator",
        "role": User.Role.ADMIN,
        "is_staff": True,
        "is_superuser": True,
    },
]


class Command(BaseCommand):
    help = "Add the demo users and invented families. Refuses to run in production mode."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo adds users with a published password, so it only runs when "
                "DJANGO_DEBUG=true. This is production mode: nothing was changed."
            )
        with transaction.atomic():
            users = seed_users()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r} for all):")
        for user in users:
            where = user.team or user.agency or "all teams"
            self.stdout.write(f"  {user.username:<8} {user.get_role_display()}, {where}")


def seed_users():
    users = []
    for details in DEMO_USERS:
        details = dict(details)
        team_name = details.pop("team", None)
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user = User.objects.filter(username=details["username"]).first()
        if user is None:
            user = User(**details, team=team)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        users.append(user)
    return users
