"""The minutes that go out: the finalised meeting as a PDF, made as the plan's is, for whoever
may read the meeting, logged as the plan's download is."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases.models import AccessLogEntry, PartnerAccessGrant, PracticeContext
from history.access_log import sentence
from meetings.models import Attendee, Decision, MeetingScalingAnswer, MinutesPdf
from meetings.services import meeting_finalise
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def minutes_url(meeting):
    return reverse("meeting_minutes_pdf", args=[meeting.pk])


def download(client, user, meeting):
    client.force_login(user)
    response = client.get(minutes_url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(data, tmp_path):
    """The PDF's words in the order they were drawn, with line breaks folded to spaces."""
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def log_rows(meeting):
    rows = AccessLogEntry.objects.filter(path=minutes_url(meeting))
    return list(rows.values_list("action", "allowed"))


@pytest.fixture
def finalised(sam, conference, answered, action):
    """The conference, written up in full and finalised."""
    conference.worried_about = "Daniel shouts when he has been drinking."
    conference.working_well = "Chloe takes Leo to nursery every day."
    conference.needs_to_happen = "Daniel to see Leo only at Sandra's."
    conference.minutes = "Everyone agreed a plan is needed."
    conference.save()
    answered[0].move_up_one = "Daniel going to his course."
    answered[0].save()
    answered[1].move_up_one = "Leo sleeping through the night."
    answered[1].save()
    quiet = Attendee.objects.create(
        meeting=conference, kind=Attendee.Kind.FAMILY, name="Sandra Reid"
    )
    MeetingScalingAnswer.objects.create(meeting=conference, attendee=quiet, declined=True)
    Attendee.objects.create(
        meeting=conference,
        kind=Attendee.Kind.PROFESSIONAL,
        name="Robin Shah",
        agency="Hillside Health Visitors",
        attendance=Attendee.Attendance.APOLOGIES,
    )
    Attendee.objects.create(
        meeting=conference,
        kind=Attendee.Kind.PROFESSIONAL,
        name="Dana Moss",
        agency="Thames Valley Police",
        attendance=Attendee.Attendance.DID_NOT_ATTEND,
    )
    Decision.objects.create(
        meeting=conference,
        kind=Decision.Kind.PLAN_NEEDED,
        category=Decision.Category.PHYSICAL,
        details="Leo was hurt twice this autumn",
    )
    return meeting_finalise(meeting=conference, by=sam)


def test_the_minutes_hold_the_whole_meeting_with_its_marking_page_numbers_and_downloader(
    client, sam, finalised, tmp_path
):
    text = text_of(download(client, sam, finalised), tmp_path)

    assert text.startswith(f"{finalised.case.reference} · Signs of Safety · Minutes finalised")
    assert "Initial child protection conference About Leo Reid" in text
    assert "Date and time Monday 2 November 2026, 10:00" in text
    assert "Where Civic Centre, room 4" in text
    assert "Chair Jan Patel (independent chair)" in text
    assert "Attended Chloe Reid (family member) Sandra Reid (family member) Pat Lindqvist" in text
    assert "Sent apologies Robin Shah (professional, Hillside Health Visitors)" in text
    assert "Did not attend Dana Moss (professional, Thames Valley Police)" in text
    assert "What are we worried about? Daniel shouts when he has been drinking." in text
    assert "What's working well? Chloe takes Leo to nursery every day." in text
    assert "What needs to happen? Daniel to see Leo only at Sandra's." in text
    assert "Where everyone put things on the safety scale" in text
    assert "The question asked: Where are things now?" in text
    # The scaling round is a table: each row reads who, score, why, what would move it up.
    assert "Who Score Why What would move it up one point" in text
    assert "Chloe Reid 6 Daniel has moved out. Daniel going to his course." in text
    assert "School 3 Leo is still scared. Leo sleeping through the night." in text
    assert "Sandra Reid Did not want to give a score" in text
    assert (
        "A child protection plan is needed (category: physical abuse). "
        "Leo was hurt twice this autumn." in text
    )
    assert "Core group to meet Sam 16 Nov 2026" in text
    assert "Minutes Everyone agreed a plan is needed." in text
    assert "OFFICIAL-SENSITIVE" in text
    pages = len(PdfReader(tmp_path / "minutes.pdf").pages)
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    header = f"Leo Reid · {finalised.case.reference} · Initial child protection conference"
    assert f"{header}, 2 November 2026" in text
    assert re.search(
        r"Printed \d+ \w+ \d{4} at \d\d:\d\d by Sam Okafor\. Keep these minutes safe", text
    )


def test_the_minutes_pdf_is_tagged_titled_a4_with_embedded_fonts(client, sam, finalised, tmp_path):
    data = download(client, sam, finalised)
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    catalog = PdfReader(path).trailer["/Root"]
    assert "Tagged:          yes" in info
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    reference = finalised.case.reference
    assert (
        f"Title:           Initial child protection conference, 2 November 2026: minutes, "
        f"{reference}" in info
    )
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    font_rows = fonts.splitlines()[2:]
    assert font_rows, "the PDF should use at least one font"
    assert all(row.split()[-5] == "yes" for row in font_rows), font_rows  # the "emb" column


def test_an_early_help_meeting_is_in_signs_of_wellbeing_words_and_never_says_danger(
    client, sam, reid_case, conference, answered, tmp_path
):
    reid_case.practice_context = PracticeContext.EARLY_HELP
    reid_case.save()
    conference.kind = conference.Kind.TEAM_AROUND_THE_FAMILY
    conference.save()
    meeting_finalise(meeting=conference, by=sam)

    text = text_of(download(client, sam, conference), tmp_path)

    assert "Signs of Wellbeing" in text
    assert "Team around the family" in text
    assert "Where everyone put things on the wellbeing scale" in text
    assert "danger" not in text.lower()
    assert "safety scale" not in text.lower()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sam", 200),  # the allocated worker
        ("jo", 200),  # a worker in the team, who can read the case
        ("morgan", 200),
        ("pat", 200),  # a partner invited to the case who was at the meeting
        ("alex", 404),  # a worker in another team
        ("kim", 404),  # a partner invited to nothing
    ],
)
def test_who_may_download_the_minutes(client, request, pat_grant, finalised, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.get(minutes_url(finalised))

    assert response.status_code == status
    assert response.content.startswith(b"%PDF") == (status == 200)


def test_a_partner_at_the_meeting_with_no_grant_on_the_case_gets_404(client, pat, finalised):
    client.force_login(pat)

    assert client.get(minutes_url(finalised)).status_code == 404
    assert log_rows(finalised) == [("download the minutes of a meeting", False)]


def test_a_partner_with_a_grant_who_was_not_at_the_meeting_gets_404(
    client, morgan, reid_case, finalised
):
    lee = PartnerFactory(username="lee")
    PartnerAccessGrant.objects.create(
        case=reid_case,
        partner=lee,
        granted_by=morgan,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2099, 1, 1),
    )
    client.force_login(lee)

    assert client.get(minutes_url(finalised)).status_code == 404


def test_a_meeting_still_being_written_up_has_no_minutes_to_download(
    client, sam, pat, pat_grant, conference, school_attends
):
    for user in [sam, pat]:
        client.force_login(user)
        assert client.get(minutes_url(conference)).status_code == 404

    assert log_rows(conference) == [("download the minutes of a meeting", False)] * 2
    assert not MinutesPdf.objects.exists()


def test_a_download_is_logged_once_naming_the_meeting_and_reads_as_a_sentence(
    client, pat, pat_grant, finalised
):
    download(client, pat, finalised)

    entry = AccessLogEntry.objects.get(path=minutes_url(finalised))
    assert (entry.user, entry.case, entry.allowed) == (pat, finalised.case, True)
    assert entry.action == (
        "download the minutes of the initial child protection conference on 2 November 2026"
    )
    assert sentence(entry) == (
        "Downloaded the minutes of the initial child protection conference on 2 November 2026"
    )


def test_a_refused_download_is_logged_as_a_refusal_not_a_download(client, kim, finalised):
    client.force_login(kim)

    assert client.get(minutes_url(finalised)).status_code == 404

    entry = AccessLogEntry.objects.get(path=minutes_url(finalised))
    assert (entry.user, entry.case, entry.allowed) == (kim, finalised.case, False)
    assert sentence(entry) == "Tried to download the minutes of a meeting"


def test_the_minutes_are_rendered_once_and_each_download_names_its_downloader(
    client, sam, pat, pat_grant, finalised, tmp_path
):
    sams = text_of(download(client, sam, finalised), tmp_path)
    pats = text_of(download(client, pat, finalised), tmp_path)

    assert MinutesPdf.objects.filter(meeting=finalised).count() == 1
    assert "by Sam Okafor. Keep these minutes safe" in sams
    assert "by Pat Lindqvist. Keep these minutes safe" in pats
    assert "by Pat Lindqvist." not in sams


def test_the_meeting_page_the_partners_page_and_home_link_to_the_minutes(
    client, sam, pat, pat_grant, conference, school_attends
):
    client.force_login(sam)
    link = f'href="{minutes_url(conference)}">Download the minutes'
    assert link not in client.get(conference.get_absolute_url()).content.decode()

    meeting_finalise(meeting=conference, by=sam)

    assert link in client.get(conference.get_absolute_url()).content.decode()
    client.force_login(pat)
    assert link in client.get(conference.get_absolute_url()).content.decode()
    assert link in client.get(reverse("home")).content.decode()


def test_a_purge_removes_the_stored_minutes_with_the_case(
    client, settings, sam, morgan, reid_case, finalised
):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2}
    download(client, sam, finalised)
    stored = MinutesPdf.objects.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    reid_case.close(
        reason="Work finished",
        on=timezone.localdate() - datetime.timedelta(days=365 * 3),
        by=morgan,
    )

    call_command("retention", "--purge", "--yes", stdout=io.StringIO())

    assert not MinutesPdf.objects.exists()
    assert not storage.exists(name)
