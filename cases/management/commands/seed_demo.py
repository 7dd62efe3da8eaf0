"""Fill a laptop demo with invented people. Safe to run again: it only adds what is missing."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Case, FamilyMember, Person, PracticeContext, Team, User

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


# Invented families. Any likeness to real people is chance.
DEMO_FAMILIES = [
    {
        "practice_context": PracticeContext.EARLY_HELP,
        "worker": "sam",
        "opened_on": date(2026, 9, 14),
        "children": [("Mia", "Carter", date(2019, 3, 2))],
        "family": [
            ("Jade", "Carter", date(1994, 7, 19), FamilyMember.Relationship.MOTHER, True),
            ("Ron", "Carter", date(1961, 11, 5), FamilyMember.Relationship.GRANDPARENT, False),
        ],
    },
    {
        "practice_context": PracticeContext.CHILD_PROTECTION,
        "worker": "sam",
        "opened_on": date(2026, 10, 6),
        "children": [
            ("Leo", "Reid", date(2022, 1, 27)),
            ("Ava", "Reid", date(2025, 12, 9)),
        ],
        "family": [
            ("Chloe", "Reid", date(1998, 4, 30), FamilyMember.Relationship.MOTHER, True),
            ("Sandra", "Reid", date(1969, 8, 12), FamilyMember.Relationship.GRANDPARENT, False),
            ("Daniel", "Novak", date(1996, 2, 21), FamilyMember.Relationship.FATHER, False),
        ],
    },
    {
        "practice_context": PracticeContext.CHILD_IN_CARE,
        "worker": "alex",
        "opened_on": date(2025, 6, 23),
        "children": [("Jordan", "Mensah", date(2012, 5, 16))],
        "family": [
            ("Abena", "Mensah", date(1985, 9, 3), FamilyMember.Relationship.MOTHER, False),
            ("Grace", "Whitfield", date(1972, 1, 11), FamilyMember.Relationship.FOSTER_CARER, True),
        ],
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
            seed_families({user.username: user for user in users})
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


def seed_families(users):
    for family in DEMO_FAMILIES:
        first_name, last_name, date_of_birth = family["children"][0]
        if Person.objects.filter(
            first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
        ).exists():
            continue
        worker = users[family["worker"]]
        children = [
            Person.objects.create(first_name=first, last_name=last, date_of_birth=born)
            for first, last, born in family["children"]
        ]
        case = Case.open_new(
            practice_context=family["practice_context"],
            team=worker.team,
            allocated_worker=worker,
            opened_on=family["opened_on"],
            children=children,
            by=worker,
        )
        for first, last, born, relationship, lives_with_child in family["family"]:
            FamilyMember.objects.create(
                case=case,
                person=Person.objects.create(first_name=first, last_name=last, date_of_birth=born),
                relationship=relationship,
                lives_with_child=lives_with_child,
            )
