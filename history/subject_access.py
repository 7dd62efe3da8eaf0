"""Subject access requests (UK GDPR Article 15): everything held about one person, as a ZIP of
a readable PDF and a JSON file of the records, their history and access-log metadata.

Other people's details (the rest of the family, the network) are included where they are part
of this person's records, and marked for redaction review before anything is sent out.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from cases.models import PERSON_DETAILS, AccessLogEntry, Case
from history.registry import source
from plans.pdf import BASE_URL, StaticFilesOnlyFetcher


def _history(records):
    return [
        {
            "when": entry.history_date,
            "change": {"+": "created", "~": "changed", "-": "removed"}[entry.history_type],
            "by": str(entry.history_user) if entry.history_user_id else "the system",
        }
        for entry in records.select_related("history_user")
    ]


def subject_access_data(person):
    """Everything held about `person`, as plain data ready for JSON."""
    cases = Case.objects.filter(
        pk__in=set(person.cases_as_child.values_list("pk", flat=True))
        | set(person.family_roles.values_list("case_id", flat=True))
        | set(person.network_roles.values_list("case_id", flat=True))
    ).order_by("reference")
    data = {
        "person": {name: getattr(person, name) for name in PERSON_DETAILS},
        "person_history": _history(person.history.all()),
        "cases": [],
    }
    for case in cases:
        roles = []
        if case.children.filter(pk=person.pk).exists():
            roles.append("a child the case is about")
        roles += [
            f"family: {member.get_relationship_display()}"
            for member in case.family_members.filter(person=person)
        ]
        roles += [
            f"safety network: {member.relationship}"
            for member in case.safety_network.filter(person=person)
        ]
        third_parties = [
            {
                "name": member.person.full_name,
                "relationship": member.get_relationship_display(),
                "redaction_review": True,
            }
            for member in case.family_members.exclude(person=person).select_related("person")
        ]
        words = [
            {
                "worries": houses.house_of_worries,
                "good_things": houses.house_of_good_things,
                "dreams": houses.house_of_dreams,
                "recorded_on": houses.recorded_on,
            }
            for houses in source("houses").rows_on(case, about=person)
        ]
        explanation = source("words").rows_on(case, about=person).first()
        meetings = [
            {
                "meeting": str(attendee.meeting),
                "attendance": attendee.get_attendance_display(),
            }
            for attendee in source("attendee").rows_on(case, about=person).select_related("meeting")
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
        data["cases"].append(
            {
                "reference": case.reference,
                "kind_of_work": case.get_practice_context_display(),
                "opened_on": case.opened_on,
                "closed_on": case.closed_on,
                "their_part": roles,
                "three_houses": words,
                "words_and_pictures": explanation.explanation if explanation else "",
                "meetings": meetings,
                "other_people_for_redaction_review": third_parties,
                "access_log": access,
            }
        )
    return data


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
