"""Subject access requests (UK GDPR Article 15): everything held about one person, as a ZIP of
a readable PDF and a JSON file of the records, their history and access-log metadata.

A record is about the person when it names them (a link to their Person row), when it is on a
case they are a child on (the case is about them), or when their name is in it on a case they
are part of: meeting attendees, actions and scaling answers hold a name, not a link. Records
found by name are marked so that whoever checks the export confirms they are this person's.

Other people's details (the rest of the family, the network) are included where they are part
of this person's records, and marked for redaction review before anything is sent out.
"""

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from weasyprint import HTML

from assessments.models import (
    DangerStatement,
    NextStep,
    ScalingAnswer,
    ThreeHouses,
    WordsAndPictures,
)
from assessments.terminology import terms_for
from cases.models import (
    CHILD_CODES,
    PERSON_DETAILS,
    AccessLogEntry,
    Case,
    FamilyMember,
    Referral,
    SafetyNetworkMember,
    SubjectChild,
    code_labels,
    search_key,
)
from meetings.models import Action, Attendee, MeetingScalingAnswer
from plans.models import PlanRule
from plans.pdf import BASE_URL, StaticFilesOnlyFetcher
from visits.models import Visit

FOUND_BY_NAME = "Their name in this record: check it is them before sending"


def shown(value):
    """A value as a person reads it: Yes or No, dates in words, "Not recorded" for nothing."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return value


def labelled(record, names):
    """The fields under their labels (the verbose name, capitalised), choices as their label."""
    fields = {}
    for name in names:
        described = record._meta.get_field(name)
        choice = described.choices
        value = getattr(record, f"get_{name}_display")() if choice else getattr(record, name)
        code_list = getattr(type(record), "CODE_LISTS", {}).get(name)
        if code_list is not None:  # a list of census codes, by their labels
            value = "; ".join(code_labels(code_list, value))
        fields[capfirst(described.verbose_name)] = shown(value)
    return fields


def context(case, record, *, on=None, by=None, found_by_name=False):
    """What a record needs to be read alone: its case, its date and who recorded it. Without
    an explicit date or author, they come from the record's first history entry."""
    by = by or getattr(record, "recorded_by", None) or getattr(record, "written_by", None)
    if on is None or by is None:
        first = record.history.order_by("history_date").select_related("history_user").first()
        on = on or (first.history_date if first else None)
        by = by or (first.history_user if first else None)
    fields = {"Case": case.reference, "Date": shown(on), "Recorded by": str(by or "the system")}
    if found_by_name:
        fields["Found by"] = FOUND_BY_NAME
    return fields


@dataclass
class Subject:
    """The person, and how they are part of each case, read once."""

    person: object
    _attendees: dict = field(default_factory=dict)  # by case id: three sections read them

    @cached_property
    def child_case_ids(self):
        return set(self.person.cases_as_child.values_list("pk", flat=True))

    @cached_property
    def family_case_ids(self):
        return set(self.person.family_roles.values_list("case_id", flat=True))

    @cached_property
    def case_ids(self):
        linked_meetings = Attendee.objects.filter(person=self.person)
        return (
            self.child_case_ids
            | self.family_case_ids
            | set(self.person.network_roles.values_list("case_id", flat=True))
            | set(linked_meetings.values_list("meeting__case_id", flat=True))
        )

    def named_in(self, text):
        """Whether `text` (a name, or "who will do it") uses this person's first or preferred
        name."""
        names = {search_key(self.person.first_name), search_key(self.person.preferred_name)}
        return bool(set(re.findall(r"\w+", search_key(text))) & (names - {""}))

    def attendees(self, case):
        """The case's meeting attendees who are this person: linked, or a family member or the
        child under their name. Each with whether it was found by name."""
        if case.pk not in self._attendees:
            self._attendees[case.pk] = self._find_attendees(case)
        return self._attendees[case.pk]

    def _find_attendees(self, case):
        attendees = Attendee.objects.filter(meeting__case=case).select_related(
            "meeting__created_by"
        )
        found = []
        for attendee in attendees.order_by("meeting__held_at", "pk"):
            if attendee.person_id == self.person.pk:
                found.append((attendee, False))
            elif (
                attendee.person_id is None
                and attendee.kind != Attendee.Kind.PROFESSIONAL
                and self.named_in(attendee.name)
            ):
                found.append((attendee, True))
        return found


def their_part(subject, case):
    person = subject.person
    records = [
        {**context(case, entry), "Their part": "A child the case is about"}
        for entry in SubjectChild.objects.filter(case=case, child=person)
    ]
    records += [
        {**context(case, member), **labelled(member, ["relationship", "lives_with_child"])}
        for member in FamilyMember.objects.filter(case=case, person=person)
    ]
    network_fields = ["relationship", "agreed_to_do", "phone", "email", "joined_on", "ended_on"]
    records += [
        {
            **context(case, member, on=member.joined_on),
            "Their part": f"A member of the {terms_for(case).network.lower()}",
            **labelled(member, [*network_fields, "end_reason"]),
        }
        for member in SafetyNetworkMember.objects.filter(case=case, person=person)
    ]
    return records


REFERRAL_FIELDS = [
    "received_on",
    "referrer_name",
    "referrer_agency",
    "consent",
    "consent_details",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "child_address",
    "worried_about",
    "working_well",
    "needs_to_happen",
    "referrer_scaling_score",
    "status",
    "decision_reason",
]


def referrals(subject, case):
    if case.pk not in subject.child_case_ids:
        return []
    about = Referral.objects.filter(pk=case.referral_id) | case.linked_referrals.all()
    return [
        {**context(case, referral, on=referral.received_on), **labelled(referral, REFERRAL_FIELDS)}
        for referral in about.distinct()
    ]


def three_houses(subject, case):
    houses = ThreeHouses.objects.filter(case=case, child=subject.person)
    names = ["house_of_worries", "house_of_good_things", "house_of_dreams"]
    return [
        {**context(case, entry, on=entry.recorded_on), **labelled(entry, names)} for entry in houses
    ]


def words_and_pictures(subject, case):
    explanations = WordsAndPictures.objects.filter(case=case, child=subject.person)
    return [{**context(case, entry), **labelled(entry, ["explanation"])} for entry in explanations]


def visits(subject, case):
    seen = Visit.objects.filter(case=case, child=subject.person).select_related("recorded_by")
    names = ["child_seen", "seen_alone", "bedroom_seen"]
    return [
        {**context(case, visit, on=visit.visited_on), **labelled(visit, names)} for visit in seen
    ]


def danger_statements(subject, case):
    """Every statement on a case about them or their family, with the family's view on it."""
    if case.pk not in subject.child_case_ids | subject.family_case_ids:
        return []
    statements = DangerStatement.objects.filter(assessment__case=case).select_related("assessment")
    names = ["who_is_worried", "worried_behaviour", "likely_impact", "family_view"]
    return [
        {
            **context(case, statement),
            "Assessment": f"{statement.assessment.label} "
            f"({statement.assessment.get_status_display().lower()})",
            **labelled(statement, names),
        }
        for statement in statements.order_by("assessment__number", "pk")
    ]


SCALING_FIELDS = [
    "question",
    "respondent_kind",
    "respondent_name",
    "agency",
    "score",
    "reason",
    "move_up_one",
]


def scaling_answers(subject, case):
    """On a case about them as the child, every answer; otherwise the answers they gave."""
    answers = ScalingAnswer.objects.filter(case=case).select_related("recorded_by")
    about_them = case.pk in subject.child_case_ids
    linked = {attendee.pk for attendee, by_name in subject.attendees(case) if not by_name}
    records = []
    for answer in answers.select_related("from_meeting_answer"):
        given = answer.from_meeting_answer and answer.from_meeting_answer.attendee_id in linked
        by_name = (
            not about_them
            and not given
            and answer.respondent_kind != ScalingAnswer.Kind.PROFESSIONAL
            and subject.named_in(answer.respondent_name)
        )
        if about_them or given or by_name:
            records.append(
                {
                    **context(case, answer, on=answer.answered_on, found_by_name=by_name),
                    **labelled(answer, SCALING_FIELDS),
                }
            )
    return records


def meetings_attended(subject, case):
    return [
        {
            **context(
                case,
                attendee,
                on=attendee.meeting.held_at,
                by=attendee.meeting.created_by,
                found_by_name=by_name,
            ),
            "Meeting": str(attendee.meeting),
            **labelled(attendee.meeting, ["place", "chair"]),
            **labelled(attendee, ["kind", "name", "agency", "attendance"]),
        }
        for attendee, by_name in subject.attendees(case)
    ]


def meeting_answers(subject, case):
    found = dict(subject.attendees(case))
    answers = MeetingScalingAnswer.objects.filter(attendee__in=list(found)).select_related(
        "meeting", "attendee"
    )
    return [
        {
            **context(
                case, answer, on=answer.meeting.held_at, found_by_name=found[answer.attendee]
            ),
            "Meeting": str(answer.meeting),
            **labelled(answer.meeting, ["scaling_question"]),
            "Who answered": answer.attendee.name,
            **labelled(answer, ["score", "declined", "reason", "move_up_one"]),
        }
        for answer in answers
    ]


def meeting_actions(subject, case):
    actions = Action.objects.filter(meeting__case=case).select_related("meeting")
    return [
        {
            **context(case, action, on=action.meeting.held_at, found_by_name=True),
            "Meeting": str(action.meeting),
            **labelled(action, ["what", "who", "by_when", "done"]),
        }
        for action in actions
        if subject.named_in(action.who)
    ]


def next_steps(subject, case):
    steps = NextStep.objects.filter(case=case)
    return [
        {
            **context(case, step, found_by_name=True),
            **labelled(step, ["what", "who", "by_when", "done"]),
        }
        for step in steps
        if subject.named_in(step.who)
    ]


def plan_rules(subject, case):
    rules = PlanRule.objects.filter(plan__case=case, network_member__person=subject.person)
    return [
        {
            **context(case, rule),
            "Plan": f"{rule.plan.label} ({rule.plan.get_status_display().lower()})",
            **labelled(rule, ["what_will_happen", "how_we_will_know"]),
        }
        for rule in rules.select_related("plan").order_by("plan__number", "pk")
    ]


@dataclass(frozen=True)
class Section:
    """One kind of record in the export: its title in the case's own words, the models it
    reads, and the records about the person on one case."""

    key: str
    title: object  # terms -> str
    models: tuple
    records: object  # (subject, case) -> list of dicts


SECTIONS = (
    Section(
        "part",
        lambda terms: "Their part in the case",
        (SubjectChild, FamilyMember, SafetyNetworkMember),
        their_part,
    ),
    Section("referral", lambda terms: "Referrals about them", (Referral,), referrals),
    Section("houses", lambda terms: "Three houses", (ThreeHouses,), three_houses),
    Section("words", lambda terms: "Words and pictures", (WordsAndPictures,), words_and_pictures),
    Section("visits", lambda terms: "Visits to them", (Visit,), visits),
    Section(
        "statements",
        lambda terms: f"{terms.worry_statements} and the family's view",
        (DangerStatement,),
        danger_statements,
    ),
    Section(
        "scaling",
        lambda terms: f"Scaling answers on the {terms.scale}",
        (ScalingAnswer,),
        scaling_answers,
    ),
    Section("meetings", lambda terms: "Meetings", (Attendee,), meetings_attended),
    Section(
        "meeting_answers",
        lambda terms: "Their scaling answers at meetings",
        (MeetingScalingAnswer,),
        meeting_answers,
    ),
    Section("actions", lambda terms: "Meeting actions given to them", (Action,), meeting_actions),
    Section("next_steps", lambda terms: "Next steps given to them", (NextStep,), next_steps),
    Section(
        "rules",
        lambda terms: f"{terms.plan} rules they are responsible for",
        (PlanRule,),
        plan_rules,
    ),
)


def _history(records):
    return [
        {
            "when": entry.history_date,
            "change": {"+": "created", "~": "changed", "-": "removed"}[entry.history_type],
            "by": str(entry.history_user) if entry.history_user_id else "the system",
        }
        for entry in records.select_related("history_user")
    ]


def _roles(subject, case):
    person = subject.person
    roles = ["a child the case is about"] if case.pk in subject.child_case_ids else []
    roles += [
        f"family: {member.get_relationship_display()}"
        for member in case.family_members.filter(person=person)
    ]
    roles += [
        f"safety network: {member.relationship}"
        for member in case.safety_network.filter(person=person)
    ]
    return roles or ["named at a meeting"]


def _case_data(subject, case):
    terms = terms_for(case)
    sections = []
    for section in SECTIONS:
        records = section.records(subject, case)
        if records:
            sections.append({"key": section.key, "title": section.title(terms), "records": records})
    third_parties = [
        {
            "name": member.person.full_name,
            "relationship": member.get_relationship_display(),
            "redaction_review": True,
        }
        for member in case.family_members.exclude(person=subject.person).select_related("person")
    ]
    access = [
        {
            "when": entry.at,
            "user_id": entry.user_id,
            "action": entry.action,
            "allowed": entry.allowed,
        }
        for entry in AccessLogEntry.objects.filter(case=case).order_by("at")
    ]
    return {
        "reference": case.reference,
        "kind_of_work": case.get_practice_context_display(),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "their_part": _roles(subject, case),
        "sections": sections,
        "other_people_for_redaction_review": third_parties,
        "access_log": access,
    }


def person_details(person):
    """What is recorded about them; a child a case is about also has the census's codes."""
    if SubjectChild.objects.filter(child=person).exists():
        return PERSON_DETAILS + CHILD_CODES
    return PERSON_DETAILS


def subject_access_data(person):
    """Everything held about `person`, as plain data ready for JSON."""
    subject = Subject(person)
    cases = Case.objects.filter(pk__in=subject.case_ids).order_by("reference")
    return {
        "person": labelled(person, person_details(person)),
        "person_history": _history(person.history.all()),
        "cases": [_case_data(subject, case) for case in cases],
    }


def subject_access_zip(person, *, requested_by):
    """The ZIP: a PDF to read and a JSON file with the same records in full."""
    data = subject_access_data(person)
    generated_at = timezone.now()
    html = render_to_string(
        "history/subject_access_pdf.html",
        {"data": data, "person": person, "by": requested_by, "at": generated_at},
    )
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"subject-access-{person.pk}.pdf", pdf)
        archive.writestr(
            f"subject-access-{person.pk}.json",
            json.dumps(
                {"generated_at": generated_at, "generated_by": str(requested_by), **data},
                cls=DjangoJSONEncoder,
                indent=2,
            ),
        )
    return buffer.getvalue()
