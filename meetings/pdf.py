"""The minutes that go out: a finalised meeting as a PDF, made as the plan's is (plans.pdf).

The same locked-down renderer, print stylesheet and marking: the body is rendered once from the
print template and cached (MinutesPdf), and each download is stamped with the running header,
OFFICIAL-SENSITIVE, who printed it and when, and "Page n of m".

The minutes are rendered on the first download, in that request, not queued as the plan's are.
A meeting is finalised once and never changes after, so that one rendering is kept for good.
"""

from django.utils import timezone

from assessments.terminology import terms_for
from meetings.models import Attendee, MinutesPdf
from plans.pdf import cached_render, render_pdf, stamped_copy

TEMPLATE = "meetings/meeting_minutes_pdf.html"


def minutes_context(meeting):
    """What the minutes say, for the partner's page and the PDF alike."""
    attendees = list(meeting.attendees.all())
    return {
        "meeting": meeting,
        "case": meeting.case,
        "terms": terms_for(meeting.case),
        "children": list(meeting.case.children.all()),
        "attendance": [
            (label, [someone for someone in attendees if someone.attendance == value])
            for value, label in Attendee.Attendance.choices
        ],
        "answers": meeting.answers.select_related("attendee"),
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.all(),
    }


def render_minutes_pdf(meeting, *, fetcher=None):
    """The body of the minutes as PDF bytes and its page count (plans.pdf.render_pdf)."""
    return render_pdf(
        TEMPLATE, minutes_context(meeting), what=f"Meeting {meeting.pk}", fetcher=fetcher
    )


def cached_minutes_pdf(meeting, *, requested_by):
    """The stored PDF of the meeting's minutes, rendered now if this is the first request."""
    return cached_render(
        MinutesPdf.objects,
        {"meeting": meeting, "meeting_revision": meeting.revision},
        render=lambda: render_minutes_pdf(meeting),
        requested_by=requested_by,
        name=f"minutes-{meeting.pk}-r{meeting.revision}.pdf",
    )


def printed_minutes(record, *, printed_by, printed_at=None):
    """The cached minutes, stamped for this download with who printed them and when."""
    return stamped_copy(
        record,
        header=running_header(record.meeting),
        keep_safe="Keep these minutes safe and do not pass them on.",
        printed_by=printed_by,
        printed_at=printed_at,
    )


def running_header(meeting):
    children = " and ".join(str(child) for child in meeting.case.children.all())
    held = f"{timezone.localtime(meeting.held_at):%-d %B %Y}"
    return f"{children} · {meeting.case.reference} · {meeting.get_kind_display()}, {held}"
