"""Subject access export: a ZIP with a readable PDF and a JSON file, everything about the person
in it under human labels, third parties marked, found from the governance pages, and logged."""

import datetime
import io
import json
import subprocess
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Assessment,
    DangerStatement,
    NextStep,
    ScalingAnswer,
    ThreeHouses,
    WordsAndPictures,
)
from cases.models import (
    AccessLogEntry,
    FamilyMember,
    Person,
    PracticeContext,
    Referral,
    SafetyNetworkMember,
    User,
)
from history import registry
from history.subject_access import SECTIONS
from meetings.models import Action, Attendee, Meeting, MeetingScalingAnswer
from plans.models import PlanRule, SafetyPlan
from tests.factories import (
    AdminFactory,
    CaseFactory,
    FamilyMemberFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor():
    return UserFactory(username="audrey", role=User.Role.AUDITOR, team=None)


def pdf_text(archive, name, tmp_path):
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(archive.read(name))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def export(client, person, tmp_path):
    """The JSON data and the PDF's text of one person's export."""
    response = client.post(reverse("subject_access", args=[person.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read(f"subject-access-{person.pk}.json"))
    return data, pdf_text(archive, f"subject-access-{person.pk}.pdf", tmp_path)


def test_the_export_holds_the_persons_records_history_and_access_metadata(
    client, auditor, sam, jo, reid_case, chloe, tmp_path
):
    leo = reid_case.children.get()
    ThreeHouses.objects.create(
        case=reid_case,
        child=leo,
        house_of_worries="Shouting.",
        house_of_good_things="Nanny's.",
        house_of_dreams="A dog.",
        recorded_on=reid_case.opened_on,
        recorded_by=sam,
    )
    client.force_login(jo)
    client.get(reverse("case_detail", args=[reid_case.pk]))
    client.force_login(auditor)

    response = client.post(reverse("subject_access", args=[leo.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        f"subject-access-{leo.pk}.json",
        f"subject-access-{leo.pk}.pdf",
    ]
    data = json.loads(archive.read(f"subject-access-{leo.pk}.json"))
    assert data["person"]["First name"] == leo.first_name
    assert data["person_history"][0]["change"] == "created"
    case = data["cases"][0]
    assert case["reference"] == reid_case.reference
    assert case["their_part"] == ["a child the case is about"]
    houses = next(section for section in case["sections"] if section["key"] == "houses")
    assert houses["records"][0]["House of dreams"] == "A dog."
    assert houses["records"][0]["Recorded by"] == "Sam Okafor"
    assert case["other_people_for_redaction_review"] == [
        {"name": "Chloe Reid", "relationship": "Mother", "redaction_review": True}
    ]
    assert {"user_id": jo.pk, "action": "view the case", "allowed": True}.items() <= case[
        "access_log"
    ][0].items()
    text = pdf_text(archive, f"subject-access-{leo.pk}.pdf", tmp_path)
    assert f"Records held about {leo.full_name}" in text
    assert "Chloe Reid (Mother) [check before sending]" in text
    assert AccessLogEntry.objects.filter(
        user_id=auditor.pk, action=f"subject access export for person {leo.pk}"
    ).exists()


# --- A person in every kind of record ---------------------------------------------------------


@pytest.fixture
def jade(sam, north):
    """Jade is a child on one case, and on her baby brother's early help case she is his
    sister, in his safety network, at his meeting and named in its actions."""
    jade = PersonFactory(first_name="Jade", last_name="Lowe", gender=Person.Gender.FEMALE)
    her_case = CaseFactory(allocated_worker=sam, team=north, children=[jade])
    ReferralFactory(
        team=north,
        recorded_by=sam,
        child_first_name="Jade",
        child_last_name="Lowe",
        worried_about="Jade has missed school for three weeks.",
        status=Referral.Status.LINKED,
        linked_case=her_case,
    )
    ThreeHouses.objects.create(
        case=her_case,
        child=jade,
        house_of_worries="Mum crying.",
        house_of_good_things="My rabbit Biscuit.",
        house_of_dreams="To be a vet.",
        recorded_on=datetime.date(2026, 10, 5),
        recorded_by=sam,
    )
    WordsAndPictures.objects.create(
        case=her_case, child=jade, explanation="Sam came to help your mum keep you safe."
    )
    Visit.objects.create(
        case=her_case,
        child=jade,
        visited_on=datetime.date(2026, 10, 7),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=True,
        recorded_by=sam,
    )
    her_assessment = Assessment.start(case=her_case, by=sam)
    DangerStatement.objects.create(
        assessment=her_assessment,
        who_is_worried="Sam",
        worried_behaviour="Jade is left alone overnight",
        likely_impact="Jade could be hurt",
        family_view="Mum says Jade is never left alone.",
        written_by=sam,
    )
    ScalingAnswer.objects.create(
        case=her_case,
        question="Where are things now?",
        respondent_kind=ScalingAnswer.Kind.PROFESSIONAL,
        respondent_name="Ms Adeyemi",
        agency="Riverside Primary School",
        score=3,
        reason="Jade's attendance is falling.",
        answered_on=datetime.date(2026, 10, 20),
        recorded_by=sam,
    )
    meeting_about_her = Meeting.objects.create(
        case=her_case,
        kind=Meeting.Kind.CORE_GROUP,
        held_at=timezone.make_aware(datetime.datetime(2026, 10, 22, 10)),
        place="Riverside Primary School",
        chair="Morgan Hughes",
        scaling_question="Where are things now?",
        created_by=sam,
    )
    Attendee.objects.create(meeting=meeting_about_her, kind="child", name="Jade")

    brothers_case = CaseFactory(
        allocated_worker=sam,
        team=north,
        practice_context=PracticeContext.EARLY_HELP,
        children=[PersonFactory(first_name="Kai", last_name="Lowe")],
    )
    FamilyMemberFactory(
        case=brothers_case,
        person=jade,
        relationship=FamilyMember.Relationship.SIBLING,
        lives_with_child=True,
    )
    member = SafetyNetworkMember.objects.create(
        case=brothers_case,
        person=jade,
        relationship="Big sister",
        agreed_to_do="Walks Kai to nursery.",
        joined_on=datetime.date(2026, 10, 6),
    )
    DangerStatement.objects.create(
        assessment=Assessment.start(case=brothers_case, by=sam),
        who_is_worried="The health visitor",
        worried_behaviour="Kai misses his check-ups",
        likely_impact="Kai's needs could go unnoticed",
        family_view="Jade says Kai has been to every check-up since October.",
    )
    meeting = Meeting.objects.create(
        case=brothers_case,
        kind=Meeting.Kind.TEAM_AROUND_THE_FAMILY,
        held_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 14)),
        place="Hillside Family Centre",
        chair="Morgan Hughes",
        scaling_question="How well is Kai doing?",
        created_by=sam,
    )
    attendee = Attendee.objects.create(
        meeting=meeting, kind="family", name="Jade Lowe", person=jade, attendance="apologies"
    )
    answer = MeetingScalingAnswer.objects.create(
        meeting=meeting, attendee=attendee, score=8, reason="Kai laughs every day now."
    )
    ScalingAnswer.objects.create(
        case=brothers_case,
        question=meeting.scaling_question,
        respondent_kind=ScalingAnswer.Kind.FAMILY,
        respondent_name="Jade Lowe",
        score=8,
        reason="Kai laughs every day now.",
        answered_on=datetime.date(2026, 11, 3),
        recorded_by=sam,
        from_meeting_answer=answer,
    )
    Action.objects.create(
        meeting=meeting,
        what="Take Kai to the dentist.",
        who="Jade",
        by_when=datetime.date(2026, 12, 1),
    )
    NextStep.objects.create(
        case=brothers_case,
        what="Show Kai's red book to the health visitor.",
        who="Sam and Jade",
        by_when=datetime.date(2026, 12, 10),
    )
    PlanRule.objects.create(
        plan=SafetyPlan.start(case=brothers_case, by=sam),
        what_will_happen="Jade checks Kai's bag every morning.",
        network_member=member,
        how_we_will_know="The nursery tells Sam.",
    )
    return jade


# The words from each kind of record about Jade that her export must hold.
IN_EVERY_KIND_OF_RECORD = {
    "part": ["A child the case is about", "Brother or sister", "Walks Kai to nursery."],
    "referral": ["Jade has missed school for three weeks."],
    "houses": ["My rabbit Biscuit."],
    "words": ["Sam came to help your mum keep you safe."],
    "statements": [
        "Mum says Jade is never left alone.",
        "Jade says Kai has been to every check-up since October.",
    ],
    "scaling": ["Jade's attendance is falling.", "Kai laughs every day now."],
    "meetings": ["Core group, 22 October 2026", "Hillside Family Centre", "Sent apologies"],
    "meeting_answers": ["Kai laughs every day now.", "Did not want to give a score"],
    "actions": ["Take Kai to the dentist."],
    "next_steps": ["Show Kai's red book to the health visitor."],
    "rules": ["Jade checks Kai's bag every morning."],
}


def test_every_kind_of_record_about_the_person_is_in_the_export(client, auditor, jade, tmp_path):
    client.force_login(auditor)

    data, text = export(client, jade, tmp_path)

    by_key = {}
    for case in data["cases"]:
        for section in case["sections"]:
            by_key.setdefault(section["key"], []).extend(section["records"])
    assert set(by_key) == {section.key for section in SECTIONS}
    for key, words in IN_EVERY_KIND_OF_RECORD.items():
        held = json.dumps(by_key[key])
        for word in words:
            assert word in held, f"{word!r} is not in the {key} records"
            assert word in text, f"{word!r} is not in the PDF"
    page = client.get(reverse("subject_access", args=[jade.pk])).content.decode()
    assert "My rabbit Biscuit." in page
    assert "Take Kai to the dentist." in page


def test_each_record_says_its_case_date_and_author_and_early_help_uses_its_own_words(
    client, auditor, jade, tmp_path
):
    client.force_login(auditor)

    data, text = export(client, jade, tmp_path)

    for case in data["cases"]:
        for section in case["sections"]:
            for record in section["records"]:
                assert record["Case"] == case["reference"]
                assert {"Date", "Recorded by"} <= set(record)
    early_help = next(case for case in data["cases"] if case["kind_of_work"] == "Early help")
    titles = [section["title"] for section in early_help["sections"]]
    assert "Critical worry statements and the family's view" in titles
    assert "Scaling answers on the wellbeing scale" in titles
    assert "Wellbeing plan rules they are responsible for" in titles
    assert "Danger statements and the family's view" in text
    assert "Critical worry statements and the family's view" in text


def test_records_found_by_name_rather_than_a_link_are_marked_for_checking(
    client, auditor, jade, tmp_path
):
    client.force_login(auditor)

    data, _ = export(client, jade, tmp_path)

    meetings = [
        record
        for case in data["cases"]
        for section in case["sections"]
        if section["key"] == "meetings"
        for record in section["records"]
    ]
    by_name = {record["Meeting"]: "Found by" in record for record in meetings}
    assert {record["Recorded by"] for record in meetings} == {"Sam Okafor"}
    assert by_name == {
        "Core group, 22 October 2026": True,
        "Team around the family, 3 November 2026": False,
    }


def test_every_kind_of_record_that_names_a_person_has_a_section_in_the_export():
    """A model that links to a person, or a registry source about one, that no section reads
    would be silently left out of every export: this fails until a section covers it."""
    covered = {model for section in SECTIONS for model in section.models}
    about_a_person = {source.model for source in registry.sources() if source.person_field}
    for model in apps.get_models():
        if getattr(model, "instance_type", None):  # a history table: its rows are history
            continue
        for field in model._meta.get_fields():
            if not (field.concrete and field.is_relation and field.related_model is Person):
                continue
            # A many-to-many link is held in its through model (Case.children: SubjectChild).
            about_a_person.add(field.remote_field.through if field.many_to_many else model)

    assert about_a_person, "some models should name a person"
    assert about_a_person - covered == set()


# --- Labels -----------------------------------------------------------------------------------


def test_the_page_and_the_pdf_use_labels_not_field_names(client, auditor, jade, tmp_path):
    client.force_login(auditor)

    page = client.get(reverse("subject_access", args=[jade.pk])).content.decode()
    _, text = export(client, jade, tmp_path)

    for shown in (page, text):
        for label in ["First name", "Not born yet", "The address is confidential", "Gender"]:
            assert label in shown
        for raw in ["Firstname", "Isunborn", "first_name", "is_unborn", "Gender female"]:
            assert raw not in shown
    assert "Not born yet No" in text
    assert "Gender Female" in text
    assert "Lives with the children Yes" in text
    assert "Who they are to the children Brother or sister" in text


# --- Finding the person, and who may ---------------------------------------------------------


def test_auditors_and_administrators_find_the_search_from_their_home_page(client, auditor):
    for user in (auditor, AdminFactory()):
        client.force_login(user)

        response = client.get(reverse("home"))

        assert reverse("subject_access_search") in response.content.decode()
        assert ("Subject access", reverse("subject_access_search")) in response.context[
            "navigation"
        ]


def test_the_search_finds_people_by_name_and_links_to_their_records(client, auditor, jade):
    PersonFactory(first_name="Jade", last_name="Okonjo")
    client.force_login(auditor)

    response = client.get(reverse("subject_access_search"), {"name": "lowe JADE"})

    html = response.content.decode()
    assert [person.full_name for person in response.context["people"]] == ["Jade Lowe"]
    assert reverse("subject_access", args=[jade.pk]) in html
    assert AccessLogEntry.objects.filter(
        user_id=auditor.pk, action="search people for subject access"
    ).exists()


def test_a_search_without_a_name_says_what_to_enter(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("subject_access_search"), {"name": ""})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the name of the person to search for" in html


@pytest.mark.parametrize("username", ["sam", "morgan", "pat"])
def test_only_governance_roles_may_search_or_export(client, request, username, reid_case):
    leo = reid_case.children.get()
    client.force_login(request.getfixturevalue(username))

    assert client.get(reverse("subject_access_search"), {"name": "Leo"}).status_code == 403
    assert client.get(reverse("subject_access", args=[leo.pk])).status_code == 403
    assert client.post(reverse("subject_access", args=[leo.pk])).status_code == 403
    assert not AccessLogEntry.objects.filter(action__startswith="subject access").exists()


def test_the_confirmation_page_comes_first_and_is_logged(client, auditor, reid_case):
    leo = reid_case.children.get()
    client.force_login(auditor)

    html = client.get(reverse("subject_access", args=[leo.pk])).content.decode()

    assert "Download the records" in html
    assert AccessLogEntry.objects.filter(
        user_id=auditor.pk, action=f"subject access view for person {leo.pk}"
    ).exists()
