"""Fill an empty database with council-scale invented data for `make bench`.

    python manage.py seed_bench --size S    # 10,000 children and cases, ~1M history rows
    python manage.py seed_bench --size L    # 100,000 children and cases, ~12M history rows

Rows are written a thousand cases at a time, and every record gets real django-simple-history
rows (created, then edited), attributed to the worker, as if people had used the service for
years. Records are bulk inserted, because what comes later needs their ids; history and the
access log, about three rows in four, stream in with COPY on PostgreSQL. The benchmark users
sign in with BENCH_PASSWORD and an authenticator whose secret `bench_totp_key` derives from the
username, so the load generator can give the code. It refuses to run in production mode or on a
database that already has cases.
"""

import hashlib
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from psycopg import sql

from assessments.models import Assessment, DangerStatement, MappingEntry, SafetyGoal, ScalingAnswer
from cases.models import (
    AccessLogEntry,
    Case,
    FamilyMember,
    PartnerAccessGrant,
    Person,
    PracticeContext,
    ReferenceSequence,
    SafetyNetworkMember,
    SubjectChild,
    Team,
    User,
    search_key,
)
from codesets.cin_census import (
    AssessmentFactor,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
)
from meetings.models import Action, Attendee, Decision, Meeting
from plans.models import PlanRule, SafetyPlan

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105  # nosec B105: invented data only
SIZES = {"S": 10_000, "L": 100_000}
CHUNK = 1_000
USERS_PER_CASE = 0.15
TEAM_SIZE = 23  # 20 social workers and 3 managers
# The benchmark signs in as many people across many teams, so that no one person's pages and
# no one team's cases flatter the caches: the first two social workers of each of the first
# BENCH_TEAMS teams (bench-worker-1 to bench-worker-48), the first manager of each of the first
# BENCH_MANAGERS teams (bench-manager-1 to bench-manager-8), and bench-partner. However few the
# cases, the council has at least BENCH_TEAMS teams.
BENCH_TEAMS = 24
BENCH_WORKERS_PER_TEAM = 2
BENCH_MANAGERS = 8
MAPPING_ENTRIES = 15  # per assessment
ENTRY_EDITS = 4  # history rows per entry after the first: about 105 history rows per case
SCALING_ANSWERS = 6
PLAN_RULES = 4
ACCESS_LOG_ROWS = 20

FIRST = [
    "Leo",
    "Ava",
    "Mia",
    "Noah",
    "Isla",
    "Jack",
    "Amira",
    "Theo",
    "Ella",
    "Zain",
    "Ruby",
    "Kai",
    "Lily",
    "Omar",
    "Freya",
    "Alfie",
    "Maya",
]
# Surnames as a council's records have them: a few very common ones, a long tail of rare ones.
# The common names lead, most common first; the tail is made from parts of place names. A name's
# weight is 1 / (rank + 10), a Zipf-Mandelbrot curve, so that with about 1,600 names the commonest
# is about 1.8% of people, as the commonest names in England are, and the rarest a few hundredths
# of a percent. Because search is by name, this decides how many people a search finds.
COMMON_SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Reid",
    "Mensah",
    "Booth",
    "Novak",
    "Brooks",
    "Ahmed",
    "Okafor",
    "Nowak",
]
SURNAME_STARTS = [
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Cald",
    "Cross",
    "Dun",
    "Fair",
    "Fern",
    "Gold",
    "Hart",
    "Holl",
    "Kirk",
    "Lang",
    "Mar",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Rad",
    "Red",
    "Shel",
    "Stan",
    "Thorn",
    "Wake",
    "Wes",
    "Whit",
    "Win",
    "Al",
    "Bran",
    "Bur",
    "Chad",
    "Dal",
    "Ed",
    "Elm",
    "Fox",
    "Glen",
    "Ham",
    "Hen",
    "Ing",
    "Kel",
    "Lind",
    "Lock",
    "Mor",
    "Nay",
    "Ord",
    "Pres",
    "Rams",
    "Rock",
    "Sal",
    "Sand",
    "Stock",
    "Sud",
    "Tam",
    "Ux",
    "Vern",
    "Wal",
    "Wend",
    "Yar",
]
SURNAME_ENDS = [
    "ford",
    "ley",
    "ton",
    "well",
    "by",
    "wood",
    "field",
    "worth",
    "more",
    "stead",
    "ham",
    "bury",
    "combe",
    "dale",
    "hurst",
    "wick",
    "cott",
    "shaw",
    "den",
    "mere",
    "thorpe",
    "gate",
    "ridge",
    "bridge",
    "holme",
]
SURNAMES = COMMON_SURNAMES + [
    start + end
    for end in SURNAME_ENDS
    for start in SURNAME_STARTS
    if start + end not in COMMON_SURNAMES
]
SURNAME_WEIGHTS = list(accumulate(1 / (rank + 10) for rank in range(1, len(SURNAMES) + 1)))
ADULTS = [
    "Chloe",
    "Daniel",
    "Jade",
    "Ron",
    "Sandra",
    "Grace",
    "Abena",
    "Marcus",
    "Tanya",
    "Lee",
    "Priya",
    "Sean",
    "Kerry",
]
STRENGTH = [
    "{adult} walks {child} to school every morning and talks with the teacher.",
    "{adult} has kept every appointment with the health visitor since June.",
    "{child} says Nan's house is a safe place and goes there after school.",
]
WORRY = [
    "When {adult} drinks, {child} has been left alone in the evening.",
    "The school has seen bruises on {child}'s arm twice this term.",
    "{adult} and a partner argue loudly, and {child} hides upstairs.",
]
# Census codes, so the generated council's Children in Need census passes the DfE's rules.
ETHNICITIES = [Ethnicity.WBRI] * 6 + [
    Ethnicity.MWBC,
    Ethnicity.AIND,
    Ethnicity.BAFR,
    Ethnicity.WOTH,
]
DISABILITIES = [[Disability.NONE]] * 8 + [[Disability.LD], [Disability.AUT, Disability.COMM]]
SOURCES = [ReferralSource.SCHOOL, ReferralSource.POLICE, ReferralSource.HEALTH_VISITOR]
NEEDS = [PrimaryNeed.N1, PrimaryNeed.N4, PrimaryNeed.N5, PrimaryNeed.N2]
CLOSURES = [ReasonForClosure.RC7, ReasonForClosure.RC5, ReasonForClosure.RC3]
FACTORS = [
    [AssessmentFactor.ALCOHOL_PARENT, AssessmentFactor.DOMESTIC_ABUSE_PARENT],
    [AssessmentFactor.NEGLECT],
    [AssessmentFactor.MENTAL_HEALTH_PARENT],
]
CATEGORIES = list(Decision.Category.values)

TEAM_NAMES = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Riverside",
    "Hillside",
    "Valley",
    "Coast",
    "Park",
]


def bench_totp_key(username):
    """A fixed authenticator secret per benchmark user, so the load generator can sign in."""
    return hashlib.sha256(f"bench-totp:{username}".encode()).hexdigest()[:40]


def upn(digits):
    """A unique pupil number: a check letter for the twelve digits (census rule 1510), then them."""
    total = sum(int(digit) * weight for weight, digit in enumerate(digits, start=2))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + digits


def progress(label, done, total, started):
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    sys.stderr.write(
        f"\r{label:<22} [{'#' * filled}{' ' * (width - filled)}] {done:>7}/{total} {elapsed:6.1f}s"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = "Fill an empty database with invented council-scale data for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="S")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--cases", type=int, help="Any number of cases, instead of a size.")

    def handle(self, *args, size, seed, cases=None, **options):
        if not settings.DEBUG:
            raise CommandError("seed_bench writes invented data; it refuses production mode.")
        if Case.objects.exists():
            raise CommandError("seed_bench needs a database with no cases in it.")
        self.random = random.Random(seed)  # noqa: S311  # nosec B311: invented data
        cases = cases or SIZES[size]
        started = time.monotonic()
        self.now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
        # In DEBUG mode Django keeps the text of every query, and writing millions of rows into
        # those texts took a seventh of the time. Production mode was refused above.
        with override_settings(DEBUG=False):
            with transaction.atomic():
                self.make_users(cases)
            for first in range(0, cases, CHUNK):
                with transaction.atomic():
                    self.make_cases(first, min(CHUNK, cases - first))
                progress("cases and history", first + min(CHUNK, cases - first), cases, started)
            with transaction.atomic():
                self.invite_the_partner()
        self.stdout.write(
            f"Seeded {cases} cases in {time.monotonic() - started:.0f}s. Benchmark users: "
            f"bench-worker-1 to bench-worker-{BENCH_TEAMS * BENCH_WORKERS_PER_TEAM}, "
            f"bench-manager-1 to bench-manager-{BENCH_MANAGERS} and bench-partner, "
            f"password {BENCH_PASSWORD}."
        )

    # People who use the service ---------------------------------------------------------------

    def make_users(self, cases):
        total = max(int(cases * USERS_PER_CASE), TEAM_SIZE * 2)
        password = make_password(BENCH_PASSWORD)
        team_count = max(total // TEAM_SIZE, BENCH_TEAMS)
        self.teams = Team.objects.bulk_create(  # nosemgrep: no-bulk-writes-on-tracked-models
            Team(name=f"{TEAM_NAMES[i % len(TEAM_NAMES)]} {i // len(TEAM_NAMES) + 1}")
            for i in range(team_count)
        )
        users = []
        for index, team in enumerate(self.teams):
            for member in range(TEAM_SIZE):
                manager = member < 3
                if index < BENCH_TEAMS and 3 <= member < 3 + BENCH_WORKERS_PER_TEAM:
                    username = f"bench-worker-{index * BENCH_WORKERS_PER_TEAM + member - 2}"
                elif index < BENCH_MANAGERS and member == 0:
                    username = f"bench-manager-{index + 1}"
                else:
                    username = f"{'manager' if manager else 'worker'}-{index}-{member}"
                users.append(
                    User(
                        username=username,
                        password=password,
                        first_name=self.random.choice(ADULTS),
                        last_name=self.surname(),
                        role=User.Role.MANAGER if manager else User.Role.SOCIAL_WORKER,
                        team=team,
                    )
                )
        users = User.objects.bulk_create(users)  # nosemgrep: no-bulk-writes-on-tracked-models
        self.history(User, users, self.now - timedelta(days=1100), None)
        self.workers = {team.pk: [] for team in self.teams}
        for user in users:
            if user.role == User.Role.SOCIAL_WORKER:
                self.workers[user.team_id].append(user)
        self.partner = User.objects.create(
            username="bench-partner", password=password, role=User.Role.PARTNER, agency="School"
        )
        for user in [*users, self.partner]:
            if user.username.startswith("bench-"):
                TOTPDevice.objects.create(
                    user=user, name="Authenticator app", key=bench_totp_key(user.username)
                )

    # Cases and everything in them -------------------------------------------------------------

    def make_cases(self, first, count):
        pick = self.random.choice
        persons, cases = [], []
        for n in range(first, first + count):
            team = self.teams[n % len(self.teams)]
            workers = self.workers[team.pk]
            # Opened over ten years, stepping through them so any number of cases spans them all;
            # a case closes 400 days on, if that day has come.
            opened = date(2016, 1, 1) + timedelta(days=n * 137 % 3900)
            closes = opened + timedelta(days=400) < self.now.date() and n % 7 == 6
            status = Case.Status.CLOSED if closes else Case.Status.OPEN
            cases.append(
                Case(
                    reference=f"SOS-{opened.year}-{n + 1:06d}",
                    practice_context=pick(PracticeContext.values),
                    referral_source=SOURCES[n % len(SOURCES)],
                    primary_need=NEEDS[n % len(NEEDS)],
                    reason_for_closure=CLOSURES[n % len(CLOSURES)]
                    if status == Case.Status.CLOSED
                    else "",
                    team=team,
                    # Round the team, so every worker has a caseload of about the same size.
                    allocated_worker=workers[(n // len(self.teams)) % len(workers)],
                    status=status,
                    opened_on=opened,
                    closed_on=opened + timedelta(days=400)
                    if status == Case.Status.CLOSED
                    else None,
                )
            )
            for role in ["child", "mother", "father", "nan", "neighbour"]:
                first_name = pick(FIRST) if role == "child" else pick(ADULTS)
                last_name = self.surname()
                persons.append(
                    Person(
                        first_name=first_name,
                        last_name=last_name,
                        search_name=search_key(f"{first_name} {last_name} "),
                        **(self.child_details(n, opened) if role == "child" else {}),
                    )
                )
        bulk = self.bulk
        cases = bulk(Case, cases)
        persons = bulk(Person, persons)
        for year in {case.opened_on.year for case in cases}:
            ReferenceSequence.objects.update_or_create(
                year=year, defaults={"last_number": first + count}
            )

        links, family, network, assessments, plans, meetings, answers = [], [], [], [], [], [], []
        for i, case in enumerate(cases):
            child, mother, father, nan, neighbour = persons[i * 5 : i * 5 + 5]
            case.child, case.mother = child, mother
            links.append(SubjectChild(case=case, child=child))
            family += [
                FamilyMember(case=case, person=mother, relationship="mother"),
                FamilyMember(case=case, person=father, relationship="father"),
            ]
            network += [
                SafetyNetworkMember(
                    case=case,
                    person=nan,
                    relationship="Grandmother",
                    agreed_to_do=f"Has {child.first_name} to stay if things get loud at home.",
                    joined_on=case.opened_on + timedelta(days=30),
                ),
                SafetyNetworkMember(
                    case=case,
                    person=neighbour,
                    relationship="Neighbour",
                    agreed_to_do="Knocks on the door if she hears shouting after 9pm.",
                    joined_on=case.opened_on + timedelta(days=45),
                ),
            ]
            worker = case.allocated_worker
            assessments.append(
                Assessment(
                    case=case,
                    number=1,
                    created_by=worker,
                    status=Assessment.Status.SIGNED_OFF,
                    submitted_by=worker,
                    submitted_at=self.at(case, 40),
                    decided_by=worker,
                    decided_at=self.at(case, 45),
                    created_at=self.at(case, 10),
                    factors=FACTORS[i % len(FACTORS)],
                )
            )
            plans.append(
                SafetyPlan(
                    case=case,
                    number=1,
                    created_by=worker,
                    worry_signs=f"{mother.first_name} stops answering the phone.",
                    who_to_call=f"{nan.first_name}, then the duty team on 0161 496 0000.",
                    what_each_person_will_do=f"{nan.first_name} collects {child.first_name}.",
                    **self.agreed_plan(case, worker, child),
                )
            )
            meetings.append(
                Meeting(
                    case=case,
                    kind="core_group",
                    held_at=self.at(case, 50),
                    place="Civic Centre, room 2",
                    chair="Independent chair",
                    scaling_question="Where are things for the children today?",
                    created_by=worker,
                )
            )
            for k in range(SCALING_ANSWERS):
                answers.append(
                    ScalingAnswer(
                        case=case,
                        question="How safe are the children, from 0 to 10?",
                        respondent_kind="professional" if k % 2 else "family",
                        respondent_name=worker.get_full_name() if k % 2 else mother.first_name,
                        score=3 + (k + i) % 6,
                        reason="Things are calmer since the network started visiting.",
                        answered_on=case.opened_on + timedelta(days=20 * k),
                        recorded_by=worker,
                    )
                )
        conferences = self.protection_meetings(cases)
        bulk(SubjectChild, links)
        bulk(FamilyMember, family)
        bulk(SafetyNetworkMember, network)
        bulk(ScalingAnswer, answers)
        assessments = bulk(Assessment, assessments)
        plans = bulk(SafetyPlan, plans)
        meetings = bulk(Meeting, meetings)

        entries, statements, rules, attendees, decisions, actions, log = [], [], [], [], [], [], []
        categories = list(MappingEntry.Category.values)
        for case, assessment, plan, meeting in zip(
            cases, assessments, plans, meetings, strict=True
        ):
            names = {"adult": case.mother.first_name, "child": case.child.first_name}
            for k in range(MAPPING_ENTRIES):
                category = categories[k % len(categories)]
                template = STRENGTH if "strength" in category or "safety" in category else WORRY
                entries.append(
                    MappingEntry(
                        assessment=assessment,
                        category=category,
                        text=pick(template).format(**names),
                        source=pick(["School", "Health visitor", "Mother", "Police", "Nursery"]),
                        noted_on=case.opened_on + timedelta(days=k),
                    )
                )
            statements.append(
                DangerStatement(
                    assessment=assessment,
                    who_is_worried="Children's social care and the school",
                    worried_behaviour=f"{names['adult']} drinks and leaves {names['child']} alone",
                    likely_impact=f"{names['child']} could be hurt or frightened at night",
                )
            )
            for k in range(PLAN_RULES):
                rules.append(
                    PlanRule(
                        plan=plan,
                        what_will_happen=f"{names['child']} sleeps at Nan's on Fridays ({k + 1}).",
                        professional="Social worker",
                        how_we_will_know="Nan texts the social worker on Saturday morning.",
                    )
                )
            attendees += [
                Attendee(meeting=meeting, kind="family", name=case.mother.full_name),
                Attendee(
                    meeting=meeting, kind="professional", name="Class teacher", agency="School"
                ),
            ]
            decisions.append(Decision(meeting=meeting, kind="plan_needed", category="neglect"))
            actions.append(
                Action(
                    meeting=meeting,
                    what="Visit at bath time twice this week",
                    who="Social worker",
                    by_when=meeting.held_at.date() + timedelta(days=7),
                )
            )
            for k in range(ACCESS_LOG_ROWS):
                log.append(
                    {
                        "at": self.at(case, k * 10),
                        "user_id": case.allocated_worker_id,
                        "case_id": case.pk,
                        "case_reference": case.reference,
                        "action": "view the case",
                        "allowed": True,
                        "path": f"/cases/{case.pk}/",
                        "method": "GET",
                        "status": 200,
                    }
                )
        entries = bulk(MappingEntry, entries)
        statements = bulk(DangerStatement, statements)
        bulk(
            SafetyGoal,
            [
                SafetyGoal(
                    danger_statement=statement,
                    what_needs_to_be_seen="Nan and the neighbour check in every evening",
                    how_long="Six months",
                )
                for statement in statements
            ],
        )
        bulk(PlanRule, rules)
        bulk(Attendee, attendees)
        bulk(Decision, decisions)
        self.protection_decisions(conferences)
        bulk(Action, actions)
        # The access log is append-only and keeps no history of its own.
        append_rows(AccessLogEntry, log)
        # Each entry was reworded a few times before sign-off: more history than anything else.
        by_assessment = {a.pk: a.case for a in assessments}
        for edit in range(1, ENTRY_EDITS + 1):
            self.history(
                MappingEntry,
                entries,
                None,
                lambda entry: by_assessment[entry.assessment_id].allocated_worker_id,
                kind="~",
                day=edit * 3,
                case_of=lambda entry: by_assessment[entry.assessment_id],
            )

    def surname(self):
        return self.random.choices(SURNAMES, cum_weights=SURNAME_WEIGHTS)[0]

    def child_details(self, n, opened):
        """A child's birth and census details: one to twelve years old when the case opened, a
        school number once old enough for school, and ethnicity and disabilities."""
        born = opened - timedelta(days=365 + (n * 37) % (11 * 365))
        school_age = (date(2027, 3, 31) - born).days > 6 * 365
        return {
            "date_of_birth": born,
            "gender": Person.Gender.FEMALE if n % 2 else Person.Gender.MALE,
            "upn": upn(f"201{n:09d}") if school_age else "",
            "upn_unknown": "" if school_age else "UN1",
            "ethnicity": ETHNICITIES[n % len(ETHNICITIES)],
            "disabilities": DISABILITIES[n % len(DISABILITIES)],
        }

    def protection_meetings(self, cases):
        """For each child protection case, the strategy discussion that started a section 47
        enquiry and the initial conference that followed, both finalised."""
        meetings = []
        for case in cases:
            if case.practice_context != PracticeContext.CHILD_PROTECTION:
                continue
            # On a weekday, and the conference two weeks later: at most 10 working days, inside
            # the census's 15, and never at a weekend.
            first = 1
            while (case.opened_on + timedelta(days=first)).weekday() >= 5:
                first += 1
            for kind, days in [("strategy_discussion", first), ("initial_conference", first + 14)]:
                meetings.append(
                    Meeting(
                        case=case,
                        kind=kind,
                        held_at=self.at(case, days),
                        place="Civic Centre, room 1",
                        chair="Independent chair",
                        scaling_question="How safe are the children, from 0 to 10?",
                        created_by=case.allocated_worker,
                        status=Meeting.Status.FINALISED,
                        finalised_by=case.allocated_worker,
                        finalised_at=self.at(case, days + 1),
                    )
                )
        return self.bulk(Meeting, meetings)

    def protection_decisions(self, meetings):
        decisions = []
        for n, meeting in enumerate(meetings):
            if meeting.kind == "strategy_discussion":
                decisions.append(Decision(meeting=meeting, kind="section_47"))
            else:
                category = CATEGORIES[n // 2 % len(CATEGORIES)]
                decisions.append(Decision(meeting=meeting, kind="plan_needed", category=category))
        self.bulk(Decision, decisions)

    def agreed_plan(self, case, worker, child):
        """A child in need's plan is agreed (approved) after the assessment: the census counts
        a child in need plan from that day. Other kinds of work keep their plan in draft."""
        if case.practice_context != PracticeContext.CHILD_IN_NEED:
            return {}
        return {
            "status": SafetyPlan.Status.APPROVED,
            "submitted_by": worker,
            "submitted_at": self.at(case, 46),
            "decided_by": worker,
            "decided_at": self.at(case, 50),
            "frozen": {
                "children": [child.full_name],
                "network": [],
                "children_words": [],
                "statements": [],
                "assessment_number": 1,
            },
        }

    def invite_the_partner(self):
        """One approved plan, the proper way, that bench-partner is invited to print: on an open
        case of a benchmark worker whose team has a benchmark manager, who approves it."""
        case = (
            Case.objects.filter(
                allocated_worker__username__startswith="bench-worker-",
                team__members__username__startswith="bench-manager-",
                status=Case.Status.OPEN,
                safety_plans__status=SafetyPlan.Status.DRAFT,
            )
            .order_by("pk")
            .first()
        )
        plan = case.safety_plans.get()
        plan.submit(by=case.allocated_worker)
        plan.approve(by=case.team.members.get(username__startswith="bench-manager-"))
        PartnerAccessGrant.objects.create(
            case=case,
            partner=self.partner,
            granted_by=plan.decided_by,
            valid_from=date(2026, 1, 1),
            valid_until=date(2099, 1, 1),
        )

    # Helpers ------------------------------------------------------------------------------------

    def at(self, case, days):
        return datetime.combine(case.opened_on, datetime.min.time(), tzinfo=UTC) + timedelta(
            days=days, hours=10
        )

    def bulk(self, model, objects):
        """Insert the rows and their "created" history rows."""
        objects = model.objects.bulk_create(  # nosemgrep: no-bulk-writes-on-tracked-models
            objects, batch_size=2000
        )
        if hasattr(model, "history"):
            self.history(model, objects, None, self.author_of)
        return objects

    @staticmethod
    def author_of(obj):
        for name in ["created_by_id", "recorded_by_id", "allocated_worker_id"]:
            if getattr(obj, name, None):
                return getattr(obj, name)
        case = getattr(obj, "case", None)
        return getattr(case, "allocated_worker_id", None)

    def history(self, model, objects, when, author, *, kind="+", day=0, case_of=None):
        """Real django-simple-history rows for these objects, as one change each."""
        historical = model.history.model
        tracked = {f.attname for f in model._meta.concrete_fields}
        names = [f.attname for f in historical._meta.concrete_fields if f.attname in tracked]
        rows = []
        for obj in objects:
            row = {name: getattr(obj, name) for name in names}
            if when is not None:
                row["history_date"] = when
            else:
                case = case_of(obj) if case_of else getattr(obj, "case", None)
                opened = case.opened_on if case is not None else date(2016, 1, 1)
                row["history_date"] = datetime.combine(
                    opened, datetime.min.time(), tzinfo=UTC
                ) + timedelta(days=day, hours=9)
            row["history_type"] = kind
            row["history_user_id"] = author(obj) if callable(author) else author
            rows.append(row)
        append_rows(historical, rows)


def append_rows(model, rows):
    """Add rows (dicts of field attribute names to values, the same keys in each) to a table
    whose new ids nothing needs. On PostgreSQL they stream in with COPY, several times quicker
    than INSERT for a million history rows; elsewhere bulk_create writes them."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(  # nosemgrep: no-bulk-writes-on-tracked-models
            [model(**row) for row in rows], batch_size=5000
        )
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    # COPY sends plain values as they are; JSON has to be wrapped as Django would for INSERT.
    prepare = [
        field.get_db_prep_save if field.get_internal_type() == "JSONField" else None
        for field in fields
    ]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    value if to_db is None else to_db(value, connection)
                    for value, to_db in zip(row.values(), prepare, strict=True)
                ]
            )
