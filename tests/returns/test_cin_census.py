"""The Children in Need census: derived from the records, and checked with the Department for
Education's own rules (csc-validator-be-cin, cin2026_27) in the validator's environment."""

import datetime
import io
import time
import xml.etree.ElementTree as ET  # nosec B405: the app's own export

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from cases.models import Case, Person, PracticeContext, Referral
from meetings.models import Decision, Meeting
from plans.models import SafetyPlan
from returns.checks import ValidatorUnavailable, check_census
from returns.cin_census import build_census
from tests.factories import CaseFactory, PersonFactory, ReferralFactory
from tests.sos_site.test_settings import load_settings

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def hold(case, kind, day, *decisions):
    """A finalised meeting on the case with these (kind, category) decisions."""
    meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        held_at=at(day),
        place="Civic Centre",
        chair="Jan Patel",
        scaling_question="How safe is the child, from 0 to 10?",
        created_by=case.allocated_worker,
        status=Meeting.Status.FINALISED,
        finalised_by=case.allocated_worker,
        finalised_at=at(day),
    )
    for kind_, category in decisions:
        Decision.objects.create(meeting=meeting, kind=kind_, category=category)
    return meeting


def assess(case, started, signed_off, factors):
    return Assessment.objects.create(
        case=case,
        number=case.assessments.count() + 1,
        created_by=case.allocated_worker,
        created_at=at(started),
        status=Assessment.Status.SIGNED_OFF,
        decided_by=case.allocated_worker,
        decided_at=at(signed_off),
        factors=factors,
    )


def protected_child(**details):
    """A child on a child protection plan: a section 47 enquiry from a strategy discussion on
    Tuesday 6 October 2026, an initial conference deciding a plan on Friday 16 October, and a
    signed-off assessment. Everything recorded as the census needs it."""
    child = PersonFactory(
        date_of_birth=D(2018, 5, 4),
        gender=Person.Gender.FEMALE,
        upn="G201100000113",
        ethnicity="BAFR",
        disabilities=["LD", "COMM"],
        **details,
    )
    case = CaseFactory(
        practice_context=PracticeContext.CHILD_PROTECTION,
        opened_on=D(2026, 10, 5),
        referral_source="6",
        primary_need="N1",
        children=[child],
    )
    hold(case, Meeting.Kind.STRATEGY_DISCUSSION, D(2026, 10, 6), (Decision.Kind.SECTION_47, ""))
    hold(
        case,
        Meeting.Kind.INITIAL_CONFERENCE,
        D(2026, 10, 16),
        (Decision.Kind.PLAN_NEEDED, Decision.Category.NEGLECT),
    )
    hold(
        case,
        Meeting.Kind.REVIEW_CONFERENCE,
        D(2027, 1, 15),
        (Decision.Kind.PLAN_NEEDED, Decision.Category.MULTIPLE),
    )
    assess(case, D(2026, 10, 5), D(2026, 11, 2), ["3B", "16A"])
    return child, case


def census_children(xml):
    root = ET.fromstring(xml)  # noqa: S314  # nosec B314: the app's own export
    return {
        child.findtext("ChildIdentifiers/LAchildID"): child
        for child in root.iterfind("Children/Child")
    }


def failures_by_rule(check):
    return "\n".join(
        f"{f.kind} {f.rule_code} child {f.la_child_id} {f.table}.{f.field}={f.value}: {f.message}"
        for f in check.errors + check.queries
    )


# What the Department for Education's rules say ---------------------------------------------------


def test_the_demo_census_passes_the_departments_rules(validator, frozen_today, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    export = build_census(2027)
    check = check_census(export.xml)

    assert check.errors == [], failures_by_rule(check)
    assert check.crashed_rules == []
    # Leo, Ava, Jordan and Ella; Mia's early help case is not a child in need.
    names = {
        Person.objects.get(pk=pk).first_name for pk in census_children(export.xml) if pk.isdigit()
    }
    assert names == {"Leo", "Ava", "Jordan", "Ella"}


def test_a_generated_council_passes_the_departments_rules(validator):
    with override_settings(DEBUG=True):
        call_command("seed_bench", cases=300, stdout=io.StringIO(), stderr=io.StringIO())
    started = time.monotonic()

    export = build_census(2027)
    check = check_census(export.xml)

    assert check.errors == [], failures_by_rule(check)
    assert check.crashed_rules == []
    children = census_children(export.xml)
    assert len(children) > 100
    # The sample has every part of the census in it, so each rule had something to check.
    xml = export.xml.decode()
    for part in ["<Assessments>", "<CINPlanDates>", "<Section47>", "<ChildProtectionPlans>"]:
        assert part in xml
    assert time.monotonic() - started < 120


def test_a_child_whose_records_break_the_rules_fails_exactly_those_rules(validator):
    child, case = protected_child()
    # A school number whose check letter is wrong, and an ethnicity code that is not one,
    # saved around the form's choices as an import might.
    Person.objects.filter(pk=child.pk).update(upn="A201100000113", ethnicity="XXXX")
    # The plan's category was never recorded at the initial conference.
    Decision.objects.filter(
        kind=Decision.Kind.PLAN_NEEDED, category=Decision.Category.NEGLECT
    ).update(category="")
    # The assessment was signed off before it started.
    case.assessments.update(decided_at=at(D(2026, 9, 1)))
    # The case closed with no reason given.
    case.close(reason="Moved away", on=D(2027, 2, 1), by=case.allocated_worker)

    check = check_census(build_census(2027).xml)

    assert check.crashed_rules == []
    # 1510 the check letter, 4220 the ethnicity, 8608 the assessment's dates, 8805 the missing
    # reason for closure, 8905 the missing category of abuse.
    assert check.rule_codes("error") == ["1510", "4220", "8608", "8805", "8905"], failures_by_rule(
        check
    )
    assert {f.la_child_id for f in check.errors} == {str(child.pk)}


def test_a_child_recorded_as_the_census_needs_passes(validator):
    protected_child()

    check = check_census(build_census(2027).xml)

    assert check.errors == [], failures_by_rule(check)


def test_a_rule_that_crashes_is_reported_never_read_as_a_pass(validator):
    """With no children, the rule on the share of children with no sex recorded divides by
    zero. The validator only prints that and carries on; the check reports it."""
    check = check_census(build_census(2027).xml)

    assert [crash.rule_code for crash in check.crashed_rules] == ["2886Q"]
    assert "ZeroDivisionError" in check.crashed_rules[0].error
    assert not check.passed


def test_a_missing_validator_is_a_clear_error_not_a_pass(settings, tmp_path):
    settings.CIN_VALIDATOR_PYTHON = str(tmp_path / "no-such-python")

    with pytest.raises(ValidatorUnavailable, match="run make cin-validator"):
        check_census(b"<Message/>")


# What the export derives --------------------------------------------------------------------------


def test_the_command_writes_what_was_recorded_about_the_child(tmp_path):
    child, case = protected_child()
    output = tmp_path / "cin-2027.xml"

    call_command("cin_census", year="2027", output=str(output), stdout=io.StringIO())

    element = census_children(output.read_bytes())[str(child.pk)]
    assert element.findtext("ChildIdentifiers/Sex") == "F"
    assert element.findtext("ChildIdentifiers/UPN") == "G201100000113"
    assert element.findtext("ChildIdentifiers/PersonBirthDate") == "2018-05-04"
    assert element.findtext("ChildCharacteristics/Ethnicity") == "BAFR"
    disabilities = element.findall("ChildCharacteristics/Disabilities/Disability")
    assert [d.text for d in disabilities] == ["LD", "COMM"]
    details = element.find("CINdetails")
    assert details.findtext("CINreferralDate") == "2026-10-05"
    assert details.findtext("ReferralSource") == "6"
    assert details.findtext("PrimaryNeedCode") == "N1"
    assert details.findtext("ReferralNFA") == "false"
    factors = details.findall("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")
    assert [f.text for f in factors] == ["3B", "16A"]
    assert details.findtext("Assessments/AssessmentAuthorisationDate") == "2026-11-02"
    s47 = details.find("Section47")
    assert s47.findtext("S47ActualStartDate") == "2026-10-06"
    # 15 working days after Tuesday 6 October 2026.
    assert s47.findtext("InitialCPCtarget") == "2026-10-27"
    assert s47.findtext("DateOfInitialCPC") == "2026-10-16"
    assert s47.findtext("ICPCnotRequired") == "false"
    plan = details.find("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2026-10-16"
    assert plan.findtext("CPPendDate") is None
    assert plan.findtext("InitialCategoryOfAbuse") == "NEG"
    assert plan.findtext("LatestCategoryOfAbuse") == "MUL"
    assert plan.findtext("NumberOfPreviousCPP") == "0"
    assert [r.text for r in plan.findall("Reviews/CPPreviewDate")] == ["2027-01-15"]


def test_the_command_refuses_a_year_it_cannot_write(tmp_path):
    output = tmp_path / "cin.xml"

    with pytest.raises(CommandError, match="Enter the year the collection ends: 2027"):
        call_command("cin_census", year="2026", output=str(output))
    with pytest.raises(CommandError, match="'next' is not a census"):
        call_command("cin_census", year="next", output=str(output))
    assert not output.exists()


def test_a_referral_closed_with_no_further_action_is_a_child_in_the_census():
    referral = ReferralFactory(received_on=D(2026, 11, 20), source="2A", primary_need="N4")
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.NO_FURTHER_ACTION)

    export = build_census(2027)

    element = census_children(export.xml)[f"R{referral.pk}"]
    assert element.findtext("ChildIdentifiers/UPNunknown") == "UN7"
    assert element.findtext("ChildIdentifiers/PersonBirthDate") == "2018-02-11"
    assert element.findtext("ChildIdentifiers/Sex") == "U"
    assert element.findtext("CINdetails/ReferralNFA") == "true"
    assert element.findtext("CINdetails/ReferralSource") == "2A"
    assert export.links[f"R{referral.pk}"] == reverse("referral_detail", args=[referral.pk])


def test_who_is_in_the_census_and_where_a_data_officer_fixes_them():
    child, case = protected_child()
    case.restrict([case.allocated_worker], by=case.allocated_worker)
    CaseFactory(practice_context=PracticeContext.EARLY_HELP)
    CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED,
        opened_on=D(2024, 5, 1),
        status=Case.Status.CLOSED,
        closed_on=D(2025, 1, 1),
    )

    export = build_census(2027)

    # The restricted case is in, as codes only: the census holds no names.
    assert set(census_children(export.xml)) == {str(child.pk)}
    assert child.first_name.encode() not in export.xml
    assert export.links == {str(child.pk): reverse("case_detail", args=[case.pk])}


def test_a_case_closed_and_reopened_is_two_episodes(frozen_today):
    child, case = protected_child()
    worker = case.allocated_worker
    case.close(reason="Safe now", on=D(2026, 11, 20), by=worker, reason_for_closure="RC7")
    case.reopen(reason="New worries", by=worker)

    details = census_children(build_census(2027).xml)[str(child.pk)].findall("CINdetails")

    assert [d.findtext("CINreferralDate") for d in details] == ["2026-10-05", "2026-12-03"]
    assert details[0].findtext("CINclosureDate") == "2026-11-20"
    assert details[0].findtext("ReasonForClosure") == "RC7"
    assert details[1].findtext("CINclosureDate") is None
    # The plan began in the first episode and ended when it closed.
    assert details[0].findtext("ChildProtectionPlans/CPPendDate") == "2026-11-20"


def test_the_export_reads_in_bulk_however_many_children_there_are():
    protected_child()
    with CaptureQueriesContext(connection) as one:
        build_census(2027)
    for _ in range(4):
        protected_child()

    with CaptureQueriesContext(connection) as five:
        export = build_census(2027)

    assert len(export.links) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_child_in_need_plan_dates_come_from_the_case_history_and_stop_for_a_protection_plan():
    child = PersonFactory(ethnicity="WBRI", disabilities=["NONE"])
    case = CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED, opened_on=D(2026, 6, 1), children=[child]
    )
    case.practice_context = PracticeContext.CHILD_PROTECTION
    case._history_user = case.allocated_worker
    case.save()
    # The step up to child protection was recorded on 2 November.
    case.history.filter(practice_context=PracticeContext.CHILD_PROTECTION).update(
        history_date=at(D(2026, 11, 2))
    )
    case.history.filter(practice_context=PracticeContext.CHILD_IN_NEED).update(
        history_date=at(D(2026, 6, 1))
    )
    hold(
        case,
        Meeting.Kind.INITIAL_CONFERENCE,
        D(2026, 11, 10),
        (Decision.Kind.PLAN_NEEDED, Decision.Category.PHYSICAL),
    )
    agree_plan(case, D(2026, 7, 15))

    details = census_children(build_census(2027).xml)[str(child.pk)].find("CINdetails")

    periods = [
        (p.findtext("CINPlanStartDate"), p.findtext("CINPlanEndDate"))
        for p in details.findall("CINPlanDates")
    ]
    # From the day the first plan was approved to the step up.
    assert periods == [("2026-07-15", "2026-11-02")]
    assert details.findtext("ChildProtectionPlans/CPPstartDate") == "2026-11-10"
    assert details.findtext("ChildProtectionPlans/InitialCategoryOfAbuse") == "PHY"
    # No strategy discussion recorded: the conference is recorded on the episode itself.
    assert details.findtext("DateOfInitialCPC") == "2026-11-10"


def agree_plan(case, day):
    """The case's first safety plan, approved on `day`."""
    plan = SafetyPlan.start(case=case, by=case.allocated_worker)
    SafetyPlan.objects.filter(pk=plan.pk).update(
        status=SafetyPlan.Status.APPROVED, decided_at=at(day), decided_by=case.allocated_worker
    )


def test_a_case_closed_after_assessment_with_no_plan_agreed_has_no_child_in_need_plan():
    """Census rule 2990: nothing follows an assessment that closed the case."""
    child = PersonFactory(ethnicity="WBRI", disabilities=["NONE"], upn_unknown="UN2")
    case = CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED,
        opened_on=D(2026, 6, 1),
        children=[child],
        referral_source="2A",
        primary_need="N4",
    )
    case.close(
        reason="Early help instead.",
        on=D(2026, 9, 1),
        by=case.allocated_worker,
        reason_for_closure="RC9",
    )

    export = build_census(2027)

    details = census_children(export.xml)[str(child.pk)].find("CINdetails")
    assert details.findall("CINPlanDates") == []
    assert "2990" not in check_census(export.xml).rule_codes()


# Settings -------------------------------------------------------------------------------------------


def test_the_council_number_and_validator_come_from_the_environment(monkeypatch):
    settings = load_settings(
        monkeypatch, SOS_LA_CODE="201", SOS_CIN_VALIDATOR_PYTHON="/opt/cin-validator/bin/python"
    )
    assert settings["SOS_LA_CODE"] == "201"
    assert settings["CIN_VALIDATOR_PYTHON"] == "/opt/cin-validator/bin/python"
    defaults = load_settings(monkeypatch)
    assert defaults["CIN_VALIDATOR_PYTHON"].endswith("var/cin-validator/bin/python")


def test_a_council_number_that_is_not_three_digits_stops_with_a_clear_error(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SOS_LA_CODE must be three digits"):
        load_settings(monkeypatch, SOS_LA_CODE="Leeds")
