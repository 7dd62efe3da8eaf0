"""Fill a laptop demo with invented people. Safe to run again: it only adds what is missing."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases.models import (
    Case,
    Consent,
    FamilyMember,
    Person,
    PracticeContext,
    Referral,
    Team,
    User,
)
from demo.assessments import seed_assessments, seed_plans
from demo.census import seed_census_codes
from demo.meetings import seed_meetings
from demo.visits import seed_visits

# Published in README.md; seed_demo refuses to run in production mode.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105  # nosec B105

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
        "username": "riley",
        "first_name": "Riley",
        "last_name": "Shah",
        "role": User.Role.SERVICE_MANAGER,
        "oversees": ["North", "South"],
    },
    {
        "username": "casey",
        "first_name": "Casey",
        "last_name": "Adebayo",
        "role": User.Role.MANAGER,
        "team": "South",
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
    {
        "username": "devi",
        "first_name": "Devi",
        "last_name": "Patel",
        "role": User.Role.DATA_OFFICER,
    },
]


# Invented families. Any likeness to real people is chance.
F, M = Person.Gender.FEMALE, Person.Gender.MALE
R = FamilyMember.Relationship

# Everyone in the families and their networks, by first name (no two share one):
# surname, date of birth, gender.
DEMO_PEOPLE = {
    "Mia": ("Carter", date(2019, 3, 2), F),
    "Jade": ("Carter", date(1994, 7, 19), F),
    "Ron": ("Carter", date(1961, 11, 5), M),
    "Leo": ("Reid", date(2022, 1, 27), M),
    "Ava": ("Reid", date(2025, 12, 9), F),
    "Chloe": ("Reid", date(1998, 4, 30), F),
    "Sandra": ("Reid", date(1969, 8, 12), F),
    "Daniel": ("Novak", date(1996, 2, 21), M),
    "Priya": ("Shah", None, ""),
    "Jordan": ("Mensah", date(2012, 5, 16), M),
    "Abena": ("Mensah", date(1985, 9, 3), F),
    "Grace": ("Whitfield", date(1972, 1, 11), F),
    "Ella": ("Brookes", date(2017, 10, 8), F),
    "Hannah": ("Brookes", date(1990, 6, 14), F),
}

# Each family: the children the case is about; the case (the kind of work, the allocated
# worker, the day it opened); the family (who they are to the children, whether they live
# with them); the family in the safety network (how the children know them, what they have
# agreed to do); and friends in the network (the same, and their phone number).
DEMO_FAMILIES = [
    {
        "children": ["Mia"],
        "case": (PracticeContext.EARLY_HELP, "sam", date(2026, 9, 14)),
        "family": [("Jade", R.MOTHER, True), ("Ron", R.GRANDPARENT, False)],
        "network": [
            ("Ron", "Grandad", "Takes Mia to school on the mornings Jade works a night shift."),
        ],
    },
    {
        "children": ["Leo", "Ava"],
        "case": (PracticeContext.CHILD_PROTECTION, "sam", date(2026, 10, 6)),
        "family": [
            ("Chloe", R.MOTHER, True),
            ("Sandra", R.GRANDPARENT, False),
            ("Daniel", R.FATHER, False),
        ],
        "network": [
            (
                "Sandra",
                "Grandmother",
                "Visits every evening at bath time, and has the children to stay if Daniel "
                "comes to the house after drinking.",
            ),
        ],
        "friends": [
            (
                "Priya",
                "Neighbour",
                "Chloe can knock on her door at any time of day or night, and she will call "
                "the police if she hears shouting next door.",
                "07700 900 456",
            ),
        ],
    },
    {
        "children": ["Jordan"],
        "case": (PracticeContext.CHILD_IN_CARE, "alex", date(2025, 6, 23)),
        "family": [("Abena", R.MOTHER, False), ("Grace", R.FOSTER_CARER, True)],
        "network": [("Grace", "Foster carer", "Makes sure Jordan gets to his Saturday football.")],
    },
    {
        # Only Morgan can see this one: the mother is in a refuge and her address is secret.
        "children": ["Ella"],
        "case": (PracticeContext.CHILD_IN_NEED, "morgan", date(2026, 11, 3)),
        "restricted": True,
        "family": [("Hannah", R.MOTHER, True)],
        "confidential_address": "Flat 2, address held by the refuge",
        "network": [],
    },
]

DEMO_REFERRAL = {
    "referrer_name": "Ms Ruth Adeyemi",
    "referrer_agency": "Riverside Primary School",
    "referrer_contact": "01632 960 123, the school office",
    "consent": Consent.AGREED,
    "child_first_name": "Tyler",
    "child_last_name": "Booth",
    "child_date_of_birth": date(2018, 2, 11),
    "worried_about": "Tyler has come to school hungry most days this month. Twice he has said "
    "there was no food at home and his mum was asleep when he left.",
    "working_well": "Tyler is always on time. His mum, Kerry, came to parents' evening and "
    "said she is finding things hard since losing her job.",
    "needs_to_happen": "Someone to talk with Kerry about money and food, and to check that "
    "Tyler has breakfast and a packed lunch every day.",
    "referrer_scaling_score": 4,
}


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
            by_username = {user.username: user for user in users}
            seed_families(by_username)
            seed_referral(by_username)
            seed_assessments(by_username)
            seed_plans(by_username)
            seed_meetings(by_username)
            seed_census_codes(by_username)
            seed_visits(by_username)
            spread_history(by_username)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r} for all):")
        for user in users:
            overseen = ", ".join(team.name for team in user.overseen_teams.all())
            where = (
                user.team or user.agency or (f"oversees {overseen}" if overseen else "all teams")
            )
            self.stdout.write(f"  {user.username:<8} {user.get_role_display()}, {where}")


def seed_users():
    users = []
    for details in DEMO_USERS:
        details = dict(details)
        team_name = details.pop("team", None)
        overseen = details.pop("oversees", [])
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user = User.objects.filter(username=details["username"]).first()
        if user is None:
            user = User(**details, team=team)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            for name in overseen:
                user.overseen_teams.add(Team.objects.get_or_create(name=name)[0])
        users.append(user)
    return users


def seed_families(users):
    for family in DEMO_FAMILIES:
        first_child = family["children"][0]
        last_name, born, _ = DEMO_PEOPLE[first_child]
        if Person.objects.filter(
            first_name=first_child, last_name=last_name, date_of_birth=born
        ).exists():
            continue
        practice_context, username, opened_on = family["case"]
        worker = users[username]
        children = [add_person(name) for name in family["children"]]
        case = Case.open_new(
            practice_context=practice_context,
            team=worker.team,
            allocated_worker=worker,
            opened_on=opened_on,
            children=children,
            by=worker,
        )
        people = {}
        for name, relationship, lives_with_child in family["family"]:
            people[name] = add_person(
                name,
                address=family.get("confidential_address", ""),
                address_is_confidential="confidential_address" in family,
            )
            case.family_members.create(
                person=people[name], relationship=relationship, lives_with_child=lives_with_child
            )
        for name, relationship, agreed_to_do in family["network"]:
            join_network(case, people[name], relationship, agreed_to_do)
        for name, relationship, agreed_to_do, phone in family.get("friends", []):
            join_network(case, add_person(name), relationship, agreed_to_do, phone=phone)
        if family.get("restricted"):
            case.restrict([worker], by=worker)


def add_person(first_name, **details):
    last_name, born, gender = DEMO_PEOPLE[first_name]
    return Person.objects.create(
        first_name=first_name, last_name=last_name, date_of_birth=born, gender=gender, **details
    )


def join_network(case, person, relationship, agreed_to_do, *, phone=""):
    """A member of the case's safety network since the day the case opened."""
    return case.safety_network.create(
        person=person,
        relationship=relationship,
        agreed_to_do=agreed_to_do,
        joined_on=case.opened_on,
        phone=phone,
    )


def seed_referral(users):
    """One referral from the school, waiting in the North team's triage queue."""
    if Referral.objects.filter(child_first_name="Tyler", child_last_name="Booth").exists():
        return
    Referral.objects.create(
        **DEMO_REFERRAL,
        # Received a few days ago and still waiting: the decision is overdue on the dashboard.
        received_on=timezone.localdate() - timedelta(days=5),
        team=users["sam"].team,
        recorded_by=users["sam"],
    )


def spread_history(users):
    """Give the demo a history worth reading: changes spread over the weeks each case has been
    open, made by the people who would have made them. Seeding writes everything in one second
    with no user; this only adjusts those history rows, never the records themselves."""
    from datetime import datetime, time, timedelta

    from history.registry import related_ids, sources

    for case in Case.objects.select_related("allocated_worker"):
        related = related_ids(case)
        start = timezone.make_aware(datetime.combine(case.opened_on, time(9, 30)))
        span = max((timezone.now() - start).days, 1)
        rows = []
        for source in sources():
            rows += list(source.history.objects.filter(source.case_filter(case, related)))
        rows.sort(key=lambda row: (row.history_date, row.history_id))
        if not rows or rows[0].history_date < timezone.now() - timedelta(days=1):
            continue  # already spread out on an earlier run
        # Rows nobody was named on were the allocated worker's: the demo's words are theirs.
        authors = [case.allocated_worker]
        for index, row in enumerate(rows):
            row.history_date = start + timedelta(
                days=index * span // len(rows), minutes=17 * (index % 20)
            )
            if row.history_user_id is None:
                row.history_user = authors[index % len(authors)]
            row.save(update_fields=["history_date", "history_user"])
