"""Every URL, every role, GET and POST: the exact status each one gets.

The roles: the allocated worker (Sam), a worker in the same team (Jo), the team manager
(Morgan), a worker in another team (Alex), a partner with a grant on the case (Pat), a partner
without one (Kim), a data and performance officer (Devi), and someone not signed in. Three more roles follow from those columns: an
account that has been switched off is treated exactly as someone not signed in; someone who has
given their password but not yet their security code is sent to the code step (302) from
everywhere; and a partner whose grant has expired gets what a partner without one gets.

Each role gets a fresh set of records, so a POST that changes something (removing an entry,
say) cannot change what the next role sees.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.models import Assessment, DangerStatement, MappingEntry
from cases.models import BreakGlassAccess, PartnerAccessGrant, User
from meetings.models import Attendee, Meeting
from meetings.services import meeting_finalise
from plans.models import PlanRule, SafetyPlan
from returns.models import ReturnRun
from tests.factories import CaseFactory, DataOfficerFactory, PartnerFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "allocated",
    "same_team",
    "manager",
    "other_team",
    "partner",
    "partner_no_grant",
    "data_officer",
    "anon",
]
DERIVED_ROLES = ["inactive", "second_factor_pending", "partner_grant_expired"]
USERS = {
    "allocated": "sam",
    "same_team": "jo",
    "manager": "morgan",
    "other_team": "alex",
    "partner": "pat",
    "partner_no_grant": "kim",
    "data_officer": "devi",
    "inactive": "sam",
    "second_factor_pending": "sam",
    "partner_grant_expired": "lee",
}

# Expected statuses in ROLES order. 302 for "anon" is the sign-in redirect; elsewhere it is the
# redirect after a successful POST. A 200 on POST is the form shown again, as the matrix posts
# nothing.
READ_CASE = (200, 200, 200, 404, 404, 404, 404, 302)
WRITE_CASE = (200, 403, 200, 404, 404, 404, 404, 302)
WRITE_CASE_ACTION = (302, 403, 302, 404, 404, 404, 404, 302)
MANAGE_CASE = (403, 403, 200, 404, 404, 404, 404, 302)
MANAGE_CASE_ACTION = (403, 403, 302, 404, 404, 404, 404, 302)
STAFF_PAGE = (200, 200, 200, 200, 403, 403, 403, 302)
MANAGER_PAGE = (403, 403, 200, 403, 403, 403, 403, 302)
# Administrators and auditors only: none of the roles above (see tests/history).
GOVERNANCE_PAGE = (403, 403, 403, 403, 403, 403, 403, 302)
# The current approved plan: staff who can see the case, and the partner holding a grant.
PLAN_PAGE = (200, 200, 200, 404, 200, 404, 404, 302)
# The statutory returns: the data officer only. Their one page about a case holds its codes.
RETURNS_PAGE = (403, 403, 403, 403, 403, 403, 200, 302)
RETURNS_ACTION = (403, 403, 403, 403, 403, 403, 302, 302)
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 302)
NOT_ALLOWED = (405,) * 8
# Steps of signing in that only move a signed-in person on to where they were going.
SIGN_IN_STEP = (302,) * 8
# "Stay signed in": nothing to show, and nothing to extend for someone not signed in.
KEEP_ALIVE = (204, 204, 204, 204, 204, 204, 204, 401)

# name: (URL kwargs, each naming an object in the world; GET statuses; POST statuses)
MATRIX = {
    "home": ({}, EVERYONE, NOT_ALLOWED),
    "second_factor": ({}, SIGN_IN_STEP, SIGN_IN_STEP),
    "setup_code": ({}, SIGN_IN_STEP, SIGN_IN_STEP),
    "authenticator_setup": ({}, SIGN_IN_STEP, SIGN_IN_STEP),
    "backup_codes": ({}, EVERYONE, SIGN_IN_STEP),
    "session_extend": ({}, NOT_ALLOWED, KEEP_ALIVE),
    "search": ({}, STAFF_PAGE, NOT_ALLOWED),
    "break_glass": ({}, STAFF_PAGE, STAFF_PAGE),
    "break_glass_end": ({"pk": "break_glass"}, NOT_ALLOWED, MANAGE_CASE_ACTION),
    "case_open": ({}, STAFF_PAGE, STAFF_PAGE),
    "referral_new": ({}, STAFF_PAGE, STAFF_PAGE),
    "referral_queue": ({}, MANAGER_PAGE, NOT_ALLOWED),
    "referral_detail": ({"pk": "referral"}, MANAGER_PAGE, MANAGER_PAGE),
    "case_detail": ({"pk": "case"}, READ_CASE, NOT_ALLOWED),
    "child_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "family_member_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "person_edit": ({"pk": "case", "person_pk": "chloe"}, WRITE_CASE, WRITE_CASE),
    "network_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "network_edit": ({"pk": "case", "member_pk": "network_member"}, WRITE_CASE, WRITE_CASE),
    "network_end": ({"pk": "case", "member_pk": "network_member"}, WRITE_CASE, WRITE_CASE),
    "case_allocate": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_close": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_reopen": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_restrict": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "partner_access": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "partner_revoke": ({"pk": "case", "grant_pk": "pat_grant"}, MANAGE_CASE, MANAGE_CASE),
    # Assessments
    "assessment_start": ({"pk": "case"}, NOT_ALLOWED, WRITE_CASE_ACTION),
    "assessment_detail": ({"pk": "draft"}, READ_CASE, NOT_ALLOWED),
    "part_add": ({"pk": "draft", "part": "strengths"}, WRITE_CASE, WRITE_CASE),
    "part_edit": (
        {"pk": "draft", "part": "strengths", "item_pk": "strength"},
        WRITE_CASE,
        WRITE_CASE,
    ),
    "part_remove": (
        {"pk": "draft", "part": "strengths", "item_pk": "strength"},
        NOT_ALLOWED,
        WRITE_CASE_ACTION,
    ),
    "goal_edit": ({"pk": "draft", "statement_pk": "statement"}, WRITE_CASE, WRITE_CASE),
    # A child protection case's assessment: the page asks the factors identified first.
    "assessment_submit": ({"pk": "draft"}, WRITE_CASE, WRITE_CASE),
    # A new version is refused while a draft exists: the page sends the person back to it.
    "assessment_new_version": ({"pk": "draft"}, WRITE_CASE_ACTION, WRITE_CASE_ACTION),
    "assessment_withdraw": ({"pk": "submitted"}, NOT_ALLOWED, WRITE_CASE_ACTION),
    "assessment_sign_off": ({"pk": "submitted"}, NOT_ALLOWED, MANAGE_CASE_ACTION),
    "assessment_send_back": ({"pk": "submitted"}, MANAGE_CASE, MANAGE_CASE),
    "scaling": ({"pk": "case"}, READ_CASE, NOT_ALLOWED),
    "scaling_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "three_houses_add": ({"pk": "case", "child_pk": "leo"}, WRITE_CASE, WRITE_CASE),
    "words_and_pictures_edit": ({"pk": "case", "child_pk": "leo"}, WRITE_CASE, WRITE_CASE),
    "plain_language_check": ({}, NOT_ALLOWED, STAFF_PAGE),
    # Safety plans
    "plan_start": ({"pk": "case"}, NOT_ALLOWED, WRITE_CASE_ACTION),
    "plan_detail": ({"pk": "approved_plan"}, PLAN_PAGE, NOT_ALLOWED),
    "plan_pdf": ({"pk": "approved_plan"}, PLAN_PAGE, NOT_ALLOWED),
    "plan_compare": ({"pk": "draft_plan", "other_pk": "approved_plan"}, MANAGE_CASE, NOT_ALLOWED),
    "plan_edit": ({"pk": "draft_plan"}, WRITE_CASE, WRITE_CASE),
    "plan_rule_add": ({"pk": "draft_plan"}, WRITE_CASE, WRITE_CASE),
    "plan_rule_edit": ({"pk": "draft_plan", "rule_pk": "draft_rule"}, WRITE_CASE, WRITE_CASE),
    "plan_rule_remove": (
        {"pk": "draft_plan", "rule_pk": "draft_rule"},
        NOT_ALLOWED,
        WRITE_CASE_ACTION,
    ),
    "plan_submit": ({"pk": "draft_plan"}, NOT_ALLOWED, WRITE_CASE_ACTION),
    "plan_withdraw": ({"pk": "submitted_plan"}, NOT_ALLOWED, WRITE_CASE_ACTION),
    "plan_send_back": ({"pk": "submitted_plan"}, MANAGE_CASE, MANAGE_CASE),
    "plan_approve": ({"pk": "submitted_plan"}, NOT_ALLOWED, MANAGE_CASE_ACTION),
    "plan_new_version": ({"pk": "approved_plan"}, WRITE_CASE_ACTION, WRITE_CASE_ACTION),
    "case_history": ({"pk": "case"}, MANAGE_CASE, NOT_ALLOWED),
    "assessment_compare": ({"pk": "draft", "other_pk": "draft"}, MANAGE_CASE, NOT_ALLOWED),
    "case_access_log": ({"pk": "case"}, MANAGE_CASE, NOT_ALLOWED),
    "access_log_search": ({}, GOVERNANCE_PAGE, NOT_ALLOWED),
    "subject_access_search": ({}, GOVERNANCE_PAGE, NOT_ALLOWED),
    "subject_access": ({"pk": "chloe"}, GOVERNANCE_PAGE, GOVERNANCE_PAGE),
    # Meetings. A finalised meeting Pat attended is open to her, minutes and actions only.
    "meeting_new": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "meeting_detail": ({"pk": "finalised_meeting"}, PLAN_PAGE, NOT_ALLOWED),
    "meeting_minutes_pdf": ({"pk": "finalised_meeting"}, PLAN_PAGE, NOT_ALLOWED),
    "meeting_edit": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_finalise": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE_ACTION),
    "meeting_register": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_scaling_round": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_discussion": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_decisions": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_actions": ({"pk": "meeting"}, WRITE_CASE, WRITE_CASE),
    "meeting_part_add": ({"pk": "meeting", "part": "attendees"}, WRITE_CASE, WRITE_CASE),
    "meeting_part_edit": (
        {"pk": "meeting", "part": "attendees", "item_pk": "attendee"},
        WRITE_CASE,
        WRITE_CASE,
    ),
    "meeting_part_remove": (
        {"pk": "meeting", "part": "attendees", "item_pk": "attendee"},
        NOT_ALLOWED,
        WRITE_CASE_ACTION,
    ),
    # Statutory visits
    "visit_create": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    # Statutory returns
    "returns": ({}, RETURNS_PAGE, NOT_ALLOWED),
    "returns_census_check": ({}, NOT_ALLOWED, RETURNS_ACTION),
    "returns_census_check_result": ({"pk": "return_run"}, RETURNS_PAGE, NOT_ALLOWED),
    "returns_census_download": ({}, RETURNS_PAGE, NOT_ALLOWED),
    "returns_annex_a_download": ({}, RETURNS_PAGE, NOT_ALLOWED),
    "returns_coded_record": ({"pk": "case"}, RETURNS_PAGE, NOT_ALLOWED),
}


@pytest.fixture
def world(
    request, sam, jo, morgan, alex, pat, kim, devi, reid_case, chloe, network_member, pat_grant
):
    referral = request.getfixturevalue("north_referral")
    draft = Assessment.start(case=reid_case, by=sam)
    strength = MappingEntry.objects.create(
        assessment=draft,
        category=MappingEntry.Category.STRENGTH,
        text="Chloe walks Leo to nursery every day.",
        source="Nursery",
        noted_on=datetime.date(2026, 11, 2),
    )
    statement = DangerStatement.objects.create(
        assessment=draft,
        who_is_worried="Sam",
        worried_behaviour="Daniel comes to the house after drinking",
        likely_impact="Leo could be hurt",
    )
    approved_plan = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=approved_plan,
        what_will_happen="Daniel only sees the children at Sandra's.",
        professional="Sam",
        how_we_will_know="Sandra tells Sam.",
    )
    approved_plan.submit(by=sam)
    approved_plan.approve(by=morgan)
    draft_plan = approved_plan.start_new_version(by=sam)
    meeting, finalised_meeting = (
        Meeting.objects.create(
            case=reid_case,
            kind=kind,
            held_at=timezone.now(),
            place="Civic Centre",
            chair="Chair",
            scaling_question="Where are things now?",
            created_by=sam,
        )
        for kind in ["core_group", "initial_conference"]
    )
    attendee = Attendee.objects.create(meeting=meeting, kind="family", name="Chloe Reid")
    Attendee.objects.create(
        meeting=finalised_meeting, kind="professional", name="Pat", agency="School", user=pat
    )
    meeting_finalise(meeting=finalised_meeting, by=sam)
    second_case = CaseFactory(allocated_worker=sam, team=reid_case.team, children=[PersonFactory()])
    submitted = Assessment.start(case=second_case, by=sam)
    submitted.submit(by=sam)
    submitted_plan = SafetyPlan.start(case=second_case, by=sam)
    PlanRule.objects.create(
        plan=submitted_plan, what_will_happen="A rule", professional="Sam", how_we_will_know="X"
    )
    submitted_plan.submit(by=sam)
    objects = {
        "case": reid_case.pk,
        "leo": reid_case.children.get().pk,
        "chloe": chloe.person.pk,
        "network_member": network_member.pk,
        "pat_grant": pat_grant.pk,
        "referral": referral.pk,
        "draft": draft.pk,
        "strength": strength.pk,
        "statement": statement.pk,
        "submitted": submitted.pk,
        "submitted_plan": submitted_plan.pk,
        "approved_plan": approved_plan.pk,
        "draft_plan": draft_plan.pk,
        "draft_rule": draft_plan.rules.get().pk,
        "meeting": meeting.pk,
        "finalised_meeting": finalised_meeting.pk,
        "attendee": attendee.pk,
        # Asked for by another data officer: any data officer may read any check.
        "return_run": ReturnRun.objects.create(
            kind=ReturnRun.Kind.CENSUS_CHECK,
            year=2027,
            run_by=DataOfficerFactory(),
            status=ReturnRun.Status.DONE,
            children=0,
            errors=0,
            queries=0,
            results={"errors": [], "queries": [], "crashed_rules": []},
        ).pk,
        # Already over, so that Alex cannot read the case through it.
        "break_glass": BreakGlassAccess.objects.create(
            case=reid_case,
            user=alex,
            reason="Police called out of hours.",
            expires_at=timezone.now(),
        ).pk,
    }
    lee = PartnerFactory(username="lee", agency="Riverside Primary School")
    PartnerAccessGrant.objects.create(
        case=reid_case,
        partner=lee,
        granted_by=morgan,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    users = {
        "sam": sam,
        "jo": jo,
        "morgan": morgan,
        "alex": alex,
        "pat": pat,
        "kim": kim,
        "devi": devi,
        "lee": lee,
    }
    return objects, users


def url_for(name, objects):
    kwargs = {}
    for key, value in MATRIX[name][0].items():
        kwargs[key] = value if key == "part" else objects[value]
    return reverse(name, kwargs=kwargs)


# The sign-in steps answer someone with a password but no code; Sam has no app yet, so the code
# step sends him on to set one up, which first asks for his set-up code.
OPEN_WHILE_PENDING = {
    ("second_factor", "get"): 302,
    ("second_factor", "post"): 302,
    ("setup_code", "get"): 200,
    ("setup_code", "post"): 200,
    ("authenticator_setup", "get"): 302,
    ("authenticator_setup", "post"): 302,
}


def expected_status(name, method, role):
    statuses = MATRIX[name][1 if method == "get" else 2]
    if role == "inactive":
        return statuses[ROLES.index("anon")]
    if role == "second_factor_pending":
        return OPEN_WHILE_PENDING.get((name, method), 302)
    if role == "partner_grant_expired":
        return statuses[ROLES.index("partner_no_grant")]
    return statuses[ROLES.index(role)]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES + DERIVED_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_gets_the_status_it_deserves(client, world, name, role, method):
    objects, users = world
    if role == "inactive":
        User.objects.filter(username=USERS[role]).update(is_active=False)
    if role != "anon":
        client.force_login(users[USERS[role]], second_factor=role != "second_factor_pending")
    expected = expected_status(name, method, role)

    response = getattr(client, method)(url_for(name, objects))

    assert response.status_code == expected
    if role == "second_factor_pending" and (name, method) not in OPEN_WHILE_PENDING:
        assert response["Location"].startswith(reverse("second_factor"))


def project_url_names(patterns=None, prefix=""):
    """Every named URL in the project, except the admin site's, with its route."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from project_url_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def test_the_matrix_covers_every_url_that_takes_an_object_id():
    with_ids = {name for name, route in project_url_names() if "<" in route}

    assert with_ids, "the project should have URLs that take an id"
    assert with_ids - set(MATRIX) == set()


def test_every_page_url_is_in_the_matrix_or_deliberately_public():
    public = {"login", "logout", "healthz"}

    assert {name for name, _ in project_url_names()} - set(MATRIX) - public == set()
