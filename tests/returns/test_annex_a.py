"""Ofsted's Annex A lists 3 to 7, written by `manage.py annex_a` and read back with openpyxl."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment
from cases.models import Case, Person, PracticeContext, Referral
from codesets.annex_a import months_before
from meetings.models import Decision, Meeting
from returns.annex_a import build_annex_a, write_annex_a
from tests.factories import CaseFactory, PersonFactory, ReferralFactory, UserFactory
from visits.models import Visit

pytestmark = pytest.mark.django_db

INSPECTION = datetime.date(2026, 12, 3)
SHEETS = ["List 3", "List 4", "List 5", "List 6", "List 7"]
CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
ALLOCATION = ["Allocated Team", "Allocated Worker"]
HEADINGS = {
    "List 3": [
        *CHILD,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATION,
    ],
    "List 4": [
        *CHILD,
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATION,
    ],
    "List 5": [
        *CHILD,
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATION,
    ],
    "List 6": [
        *CHILD,
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATION,
    ],
    "List 7": [
        *CHILD,
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATION,
    ],
}


def day(year, month, date):
    """A date as openpyxl reads an Excel date back."""
    return datetime.datetime(year, month, date)


def at(year, month, date):
    return timezone.make_aware(datetime.datetime(year, month, date, 10, 0))


def meeting(case, kind, held, by, *decisions):
    """A finalised meeting with its decisions, each (kind, category)."""
    held_meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        held_at=at(*held),
        place="Civic Centre",
        chair="Jan Patel",
        scaling_question="Where are things now?",
        created_by=by,
        status=Meeting.Status.FINALISED,
    )
    for decision_kind, category in decisions:
        Decision.objects.create(meeting=held_meeting, kind=decision_kind, category=category)
    return held_meeting


def visit(case, child, visited_on, by, *, seen=True, alone=False):
    return Visit.objects.create(
        case=case,
        child=child,
        visited_on=visited_on,
        child_seen=seen,
        seen_alone=alone,
        recorded_by=by,
    )


@pytest.fixture
def world(north, south, sam, morgan, alex):
    """Tyler's referral opened a child protection case: an assessment, a strategy discussion
    that started a section 47 enquiry, an initial conference that started a plan, a review,
    visits, and a second referral linked to his case. Beside it, a referral closed with no
    further action, a restricted case, older records and an early help case."""
    tyler = PersonFactory(
        first_name="Tyler",
        last_name="Booth",
        date_of_birth=datetime.date(2018, 2, 11),
        gender=Person.Gender.MALE,
        ethnicity="WBRI",
        disabilities=["NONE"],
    )
    referral = ReferralFactory(
        team=north,
        recorded_by=sam,
        received_on=datetime.date(2026, 9, 1),
        status=Referral.Status.NEW_CASE,
        source="2A",
        decided_by=morgan,
        decided_at=at(2026, 9, 2),
    )
    tyler_case = CaseFactory(
        team=north,
        allocated_worker=sam,
        opened_on=datetime.date(2026, 9, 2),
        referral=referral,
        referral_source="2A",
        primary_need="N1",
        children=[tyler],
    )
    linked = ReferralFactory(
        team=north,
        recorded_by=sam,
        received_on=datetime.date(2026, 11, 15),
        status=Referral.Status.LINKED,
        linked_case=tyler_case,
        source="6",
        decided_by=morgan,
        decided_at=at(2026, 11, 16),
    )
    Assessment.objects.create(
        case=tyler_case,
        number=1,
        created_by=sam,
        created_at=at(2026, 9, 3),
        status=Assessment.Status.SIGNED_OFF,
        decided_by=morgan,
        decided_at=at(2026, 10, 10),
    )
    meeting(
        tyler_case,
        Meeting.Kind.STRATEGY_DISCUSSION,
        (2026, 9, 10),
        sam,
        (Decision.Kind.SECTION_47, ""),
    )
    meeting(
        tyler_case,
        Meeting.Kind.INITIAL_CONFERENCE,
        (2026, 9, 25),
        sam,
        (Decision.Kind.PLAN_NEEDED, Decision.Category.NEGLECT),
    )
    meeting(
        tyler_case,
        Meeting.Kind.REVIEW_CONFERENCE,
        (2026, 11, 25),
        sam,
        (Decision.Kind.PLAN_NEEDED, Decision.Category.EMOTIONAL),
    )
    visit(tyler_case, tyler, datetime.date(2026, 9, 20), sam)
    visit(tyler_case, tyler, datetime.date(2026, 11, 28), sam, alone=True)

    nfa = ReferralFactory(
        team=north,
        recorded_by=sam,
        child_first_name="Mia",
        child_last_name="Hart",
        child_date_of_birth=datetime.date(2015, 6, 30),
        received_on=datetime.date(2026, 11, 20),
        status=Referral.Status.NO_FURTHER_ACTION,
        source="3A",
        decided_by=morgan,
        decided_at=at(2026, 11, 21),
    )
    old_referral = ReferralFactory(
        team=north,
        recorded_by=sam,
        child_first_name="Ava",
        received_on=datetime.date(2025, 11, 1),
        status=Referral.Status.NO_FURTHER_ACTION,
        decided_by=morgan,
        decided_at=at(2025, 11, 2),
    )

    ruby = PersonFactory(
        first_name="Ruby",
        last_name="Stone",
        date_of_birth=datetime.date(2020, 3, 4),
        gender=Person.Gender.FEMALE,
    )
    restricted = CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED,
        team=south,
        allocated_worker=alex,
        opened_on=datetime.date(2026, 10, 5),
        restricted=True,
        children=[ruby],
    )

    # Closed in January: inside list 6's 12 months, its assessment outside list 4's 6 months.
    noah = PersonFactory(first_name="Noah", last_name="Wells")
    closed_in_january = CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED,
        team=north,
        allocated_worker=sam,
        opened_on=datetime.date(2025, 1, 10),
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2026, 1, 15),
        reason_for_closure="RC7",
        children=[noah],
    )
    Assessment.objects.create(
        case=closed_in_january,
        number=1,
        created_by=sam,
        created_at=at(2025, 2, 1),
        status=Assessment.Status.SIGNED_OFF,
        decided_by=morgan,
        decided_at=at(2025, 3, 1),
    )
    # Closed before list 6's 12 months began: in no list.
    long_closed = CaseFactory(
        practice_context=PracticeContext.CHILD_IN_NEED,
        team=north,
        allocated_worker=sam,
        opened_on=datetime.date(2024, 5, 1),
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2025, 10, 1),
        children=[PersonFactory(first_name="Ella", last_name="Long")],
    )
    early_help = CaseFactory(
        practice_context=PracticeContext.EARLY_HELP,
        team=north,
        allocated_worker=sam,
        opened_on=datetime.date(2026, 11, 1),
        children=[PersonFactory(first_name="Finn", last_name="Early")],
    )
    return {
        "tyler": tyler,
        "tyler_case": tyler_case,
        "linked": linked,
        "nfa": nfa,
        "old_referral": old_referral,
        "ruby": ruby,
        "restricted": restricted,
        "noah": noah,
        "long_closed": long_closed,
        "early_help": early_help,
    }


@pytest.fixture
def workbook(world, tmp_path):
    path = tmp_path / "annex-a.xlsx"
    call_command("annex_a", output=str(path), date=INSPECTION.isoformat())
    return openpyxl.load_workbook(path)


def rows(workbook, sheet):
    """Each data row as a {heading: value} dict."""
    values = list(workbook[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def row_for(workbook, sheet, child_id):
    matches = [row for row in rows(workbook, sheet) if row["Child Unique ID"] == child_id]
    assert len(matches) == 1, f"{sheet} has {len(matches)} rows for {child_id}"
    return matches[0]


def test_the_workbook_has_a_sheet_per_list_with_ofsteds_headings(workbook):
    assert workbook.sheetnames == SHEETS
    for sheet in SHEETS:
        headings = next(workbook[sheet].iter_rows(max_row=1, values_only=True))
        assert list(headings) == HEADINGS[sheet]


def test_list_3_has_a_row_per_referral_in_the_last_12_months(workbook, world):
    tyler = world["tyler"]
    referrals = rows(workbook, "List 3")
    assert [(row["Child Unique ID"], row["Date of referral"]) for row in referrals] == [
        (tyler.pk, day(2026, 9, 1)),
        (world["ruby"].pk, day(2026, 10, 5)),
        (tyler.pk, day(2026, 11, 15)),
        (f"R{world['nfa'].pk}", day(2026, 11, 20)),
    ]
    first, _ruby, linked, nfa = referrals
    assert first == {
        "Child Unique ID": tyler.pk,
        "Gender": "a) Male",
        "Ethnicity": "a) WBRI",
        "Date of Birth": day(2018, 2, 11),
        "Age of Child (Years)": 8,
        "Date of referral": day(2026, 9, 1),
        "Referral Source": "e) 2A: Schools",
        "Referral NFA?": "b) No",
        "Number of Referrals in Last 12 Months": 0,
        "Allocated Team": "North",
        "Allocated Worker": "Sam Okafor",
    }
    # Tyler's second referral counts his first.
    assert linked["Number of Referrals in Last 12 Months"] == 1
    assert linked["Referral Source"] == "q) 6: Police"
    # No person record: the census's R number, and nothing about the child but the birth date.
    assert nfa == {
        "Child Unique ID": f"R{world['nfa'].pk}",
        "Gender": "c) Not stated/recorded",
        "Ethnicity": "t) NOBT",
        "Date of Birth": day(2015, 6, 30),
        "Age of Child (Years)": 11,
        "Date of referral": day(2026, 11, 20),
        "Referral Source": "g) 3A: Health services",
        "Referral NFA?": "a) Yes",
        "Number of Referrals in Last 12 Months": 0,
        "Allocated Team": "North",
        "Allocated Worker": "Morgan Hughes",
    }


def test_dates_are_excel_dates_shown_day_first(workbook):
    sheet = workbook["List 3"]
    date_cell = sheet.cell(row=2, column=6)
    assert date_cell.is_date
    assert date_cell.number_format == "dd/mm/yyyy"
    assert sheet.cell(row=2, column=4).number_format == "dd/mm/yyyy"


def test_list_4_has_the_assessments_open_in_the_last_6_months(workbook, world):
    tyler = world["tyler"]
    assert [row["Child Unique ID"] for row in rows(workbook, "List 4")] == [tyler.pk]
    assessment = row_for(workbook, "List 4", tyler.pk)
    assert assessment["Does the Child have a Disability"] == "b) No"
    assert assessment["Continuous Assessment Start Date"] == day(2026, 9, 3)
    assert assessment["Child Seen During Continuous Assessment"] == "a) Yes"
    assert assessment["Continuous Assessment Date of Authorisation"] == day(2026, 10, 10)
    assert (
        assessment["Was the child assessed as requiring LA children's social care support?"]
        == "a) Yes"
    )
    assert assessment["Allocated Worker"] == "Sam Okafor"


def test_list_5_has_the_section_47_enquiry_and_its_initial_conference(workbook, world):
    tyler = world["tyler"]
    assert row_for(workbook, "List 5", tyler.pk) == {
        "Child Unique ID": tyler.pk,
        "Gender": "a) Male",
        "Ethnicity": "a) WBRI",
        "Date of Birth": day(2018, 2, 11),
        "Age of Child (Years)": 8,
        "Does the Child have a Disability": "b) No",
        "Strategy discussion initiating Section 47 Enquiry Start Date": day(2026, 9, 10),
        "Was an Initial Child Protection Conference deemed unnecessary?": "b) No",
        "Date of Initial Child Protection Conference": day(2026, 9, 25),
        "Did the Initial Child Protection Conference Result in a Child Protection Plan": "a) Yes",
        "Number of Section 47 Enquiries in the last 12 months": 0,
        "Number of ICPCs in the last 12 months": 0,
        "Allocated Team": "North",
        "Allocated Worker": "Sam Okafor",
    }


def test_list_6_has_the_children_in_need_of_the_last_12_months(workbook, world):
    assert sorted(row["Child Unique ID"] for row in rows(workbook, "List 6")) == sorted(
        [world["tyler"].pk, world["ruby"].pk, world["noah"].pk]
    )
    tyler = row_for(workbook, "List 6", world["tyler"].pk)
    assert tyler["CIN Start Date"] == day(2026, 9, 1)
    assert tyler["Primary Need Code"] == "N1 - Abuse or neglect"
    assert tyler["Date Child Was Last Seen"] == day(2026, 11, 28)
    assert tyler["CIN Closure Date"] is None
    assert tyler["Case Status"] == "b) Child Protection plan"
    noah = row_for(workbook, "List 6", world["noah"].pk)
    assert noah["CIN Closure Date"] == day(2026, 1, 15)
    assert noah["Reason for Closure"] == (
        "RC7 - Services ceased for any other reason, including child no longer in need"
    )
    assert noah["Case Status"] == "e) Closed episode"


def test_list_7_has_the_plan_with_the_latest_statutory_visit(workbook, world):
    tyler = world["tyler"]
    assert row_for(workbook, "List 7", tyler.pk) == {
        "Child Unique ID": tyler.pk,
        "Gender": "a) Male",
        "Ethnicity": "a) WBRI",
        "Date of Birth": day(2018, 2, 11),
        "Age of Child (Years)": 8,
        "Does the Child have a Disability": "b) No",
        "Child Protection Plan Start Date": day(2026, 9, 25),
        "Initial Category of Abuse": "a) Neglect",
        "Latest Category of Abuse": "d) Emotional abuse",
        "Date of the Last Statutory Visit": day(2026, 11, 28),
        "Was the Child Seen Alone?": "a) Yes",
        "Date of latest review conference": day(2026, 11, 25),
        "Child Protection Plan End Date": None,
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)": None,
        "Number of Previous Child Protection Plans": 0,
        "Allocated Team": "North",
        "Allocated Worker": "Sam Okafor",
    }


def test_a_restricted_case_shows_no_team_or_worker(workbook, world):
    for sheet in ["List 3", "List 6"]:
        row = row_for(workbook, sheet, world["ruby"].pk)
        assert row["Allocated Team"] == "Restricted"
        assert row["Allocated Worker"] == "Restricted"
        assert row["Gender"] == "b) Female"
        assert not {"South", "Alex Brennan", "Alex", "Brennan"} & {
            value for value in row.values() if isinstance(value, str)
        }


def test_annex_a_names_no_child(workbook, world):
    names = {
        "Tyler",
        "Booth",
        "Mia",
        "Hart",
        "Ruby",
        "Stone",
        "Noah",
        "Wells",
        "Ava",
    }
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not any(name in value for name in names), value


def test_records_before_the_period_and_early_help_are_left_out(workbook, world):
    referral_ids = {row["Child Unique ID"] for row in rows(workbook, "List 3")}
    assert f"R{world['old_referral'].pk}" not in referral_ids
    everyone = {row["Child Unique ID"] for sheet in SHEETS for row in rows(workbook, sheet)}
    for left_out in ["long_closed", "early_help"]:
        (child,) = world[left_out].children.all()
        assert child.pk not in everyone
    # Noah's assessment was signed off in March 2025: before list 4's 6 months.
    assert world["noah"].pk not in {row["Child Unique ID"] for row in rows(workbook, "List 4")}


def test_the_periods_end_on_the_inspection_date(world, tmp_path):
    """A year later the same records have aged out of lists 3 to 5; the plan still runs."""
    path = tmp_path / "later.xlsx"
    call_command("annex_a", output=str(path), date="2027-12-03")
    later = openpyxl.load_workbook(path)
    assert rows(later, "List 3") == []
    assert rows(later, "List 4") == []
    assert rows(later, "List 5") == []
    # Tyler's plan has not ended, so he is still on list 7.
    assert [row["Child Unique ID"] for row in rows(later, "List 7")] == [world["tyler"].pk]


def test_an_export_for_an_earlier_date_shows_only_what_had_happened_by_then(world):
    earlier = build_annex_a(datetime.date(2026, 10, 1))
    tyler_id = world["tyler"].pk
    assessment = row_for(earlier, "List 4", tyler_id)
    assert assessment["Continuous Assessment Date of Authorisation"] is None
    assert (
        assessment["Was the child assessed as requiring LA children's social care support?"] is None
    )
    plan = row_for(earlier, "List 7", tyler_id)
    assert plan["Latest Category of Abuse"] == "a) Neglect"
    assert plan["Date of latest review conference"] is None
    # The visit of 20 September came before the plan began, and the next came after 1 October.
    assert plan["Date of the Last Statutory Visit"] is None
    assert plan["Was the Child Seen Alone?"] is None
    # The restricted case opened on 5 October.
    assert world["ruby"].pk not in {row["Child Unique ID"] for row in rows(earlier, "List 6")}


def test_months_before_keeps_to_the_end_of_a_short_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 12, 3), 12) == datetime.date(2025, 12, 3)


def test_list_7_counts_earlier_plans_and_leaves_out_one_that_ended_before_6_months(world, sam):
    tyler = world["tyler"]
    earlier = CaseFactory(
        team=world["tyler_case"].team,
        allocated_worker=sam,
        opened_on=datetime.date(2025, 1, 6),
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2025, 8, 1),
        children=[tyler],
    )
    meeting(
        earlier,
        Meeting.Kind.INITIAL_CONFERENCE,
        (2025, 2, 3),
        sam,
        (Decision.Kind.PLAN_NEEDED, Decision.Category.PHYSICAL),
    )
    meeting(earlier, Meeting.Kind.REVIEW_CONFERENCE, (2025, 5, 1), sam, (Decision.Kind.NO_PLAN, ""))

    plans = rows(build_annex_a(INSPECTION), "List 7")
    assert [row["Child Protection Plan Start Date"] for row in plans] == [
        datetime.date(2026, 9, 25)
    ]
    assert plans[0]["Number of Previous Child Protection Plans"] == 1


def test_a_code_nobody_recorded_leaves_its_cell_blank(world):
    Case.objects.filter(pk=world["tyler_case"].pk).update(primary_need="")
    tyler = row_for(build_annex_a(INSPECTION), "List 6", world["tyler"].pk)
    assert tyler["Primary Need Code"] is None
    # Nobody has asked Ruby about disability yet: Ofsted's "Unknown", not a blank.
    assert (
        row_for(build_annex_a(INSPECTION), "List 6", world["ruby"].pk)[
            "Does the Child have a Disability"
        ]
        == "c) Unknown"
    )


def test_write_annex_a_saves_to_an_open_file(world):
    buffer = io.BytesIO()
    write_annex_a(buffer, today=INSPECTION)
    buffer.seek(0)
    assert openpyxl.load_workbook(buffer).sheetnames == SHEETS


def test_a_second_enquiry_counts_the_first_and_its_conference(world, sam):
    tyler_case = world["tyler_case"]
    meeting(
        tyler_case,
        Meeting.Kind.STRATEGY_DISCUSSION,
        (2026, 11, 30),
        sam,
        (Decision.Kind.SECTION_47, ""),
        (Decision.Kind.NO_CONFERENCE, ""),
    )
    enquiries = [
        row
        for row in rows(build_annex_a(INSPECTION), "List 5")
        if row["Strategy discussion initiating Section 47 Enquiry Start Date"]
        == datetime.date(2026, 11, 30)
    ]
    assert len(enquiries) == 1
    second = enquiries[0]
    assert second["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert second["Date of Initial Child Protection Conference"] is None
    assert (
        second["Did the Initial Child Protection Conference Result in a Child Protection Plan"]
        is None
    )
    assert second["Number of Section 47 Enquiries in the last 12 months"] == 1
    assert second["Number of ICPCs in the last 12 months"] == 1


def test_the_export_costs_the_same_queries_for_one_case_or_many(world, north, sam):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            build_annex_a(INSPECTION)
        return len(captured)

    before = queries()
    for number in range(5):
        child = PersonFactory()
        case = CaseFactory(team=north, allocated_worker=sam, children=[child])
        meeting(
            case,
            Meeting.Kind.INITIAL_CONFERENCE,
            (2026, 10, 1 + number),
            sam,
            (Decision.Kind.PLAN_NEEDED, Decision.Category.PHYSICAL),
        )
        visit(case, child, datetime.date(2026, 11, 1), sam)
        ReferralFactory(team=north, recorded_by=sam, decided_by=UserFactory(team=north))
    assert queries() == before


def test_a_date_that_is_not_a_date_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is not a date. Enter it as YYYY-MM-DD"):
        call_command("annex_a", output=str(tmp_path / "a.xlsx"), date="3/12/2026")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    with pytest.raises(CommandError, match="must end in .xlsx"):
        call_command("annex_a", output=str(tmp_path / "annex-a.csv"))


def test_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command("annex_a", output=str(tmp_path / "missing" / "a.xlsx"))


def test_the_demo_data_exports_every_list(settings, tmp_path, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    path = tmp_path / "demo.xlsx"
    call_command("annex_a", output=str(path))
    demo = openpyxl.load_workbook(path)
    assert demo.sheetnames == SHEETS
    for sheet in SHEETS:
        assert list(next(demo[sheet].iter_rows(max_row=1, values_only=True))) == HEADINGS[sheet]
    assert rows(demo, "List 6"), "the demo has children in need"
    names = {person.full_name for person in Person.objects.all()}
    for sheet in demo.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not names & {value for value in row if isinstance(value, str)}
    assert "List 7:" in capsys.readouterr().out


def test_a_case_closed_and_reopened_is_two_episodes_as_in_the_census(world, frozen_today):
    tyler, tyler_case = world["tyler"], world["tyler_case"]
    worker = tyler_case.allocated_worker
    tyler_case.close(
        reason="Safe now", on=datetime.date(2026, 11, 20), by=worker, reason_for_closure="RC7"
    )
    tyler_case.reopen(reason="New worries", by=worker)

    annex = build_annex_a(INSPECTION)

    episodes = [row for row in rows(annex, "List 6") if row["Child Unique ID"] == tyler.pk]
    assert [(row["CIN Start Date"], row["CIN Closure Date"]) for row in episodes] == [
        (datetime.date(2026, 9, 1), datetime.date(2026, 11, 20)),
        (datetime.date(2026, 12, 3), None),
    ]
    assert episodes[0]["Reason for Closure"].startswith("RC7")
    assert episodes[0]["Case Status"] == "e) Closed episode"
    # The census takes the reopening as a referral, and so does list 3.
    assert datetime.date(2026, 12, 3) in [
        row["Date of referral"]
        for row in rows(annex, "List 3")
        if row["Child Unique ID"] == tyler.pk
    ]
    # The plan ended when the first episode closed.
    plan = row_for(annex, "List 7", tyler.pk)
    assert plan["Child Protection Plan End Date"] == datetime.date(2026, 11, 20)
