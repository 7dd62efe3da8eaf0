"""Meetings follow their case's access rules, which cases.access decides. A partner sees a
meeting only if they attended it and hold an active grant, and then only its minutes as they go
out, on screen and as a PDF."""

from cases.access import READ, CaseNotFound, get_on_case_for_user
from meetings.models import Meeting


def get_meeting_for_user(request, pk, *, need=READ, action="view a meeting", log_allowed=True):
    return get_on_case_for_user(
        request,
        Meeting.objects,
        pk,
        need=need,
        action=action,
        partner_may_see=lambda meeting: (
            need <= READ
            and meeting.is_finalised
            and meeting.attendees.filter(user=request.user).exists()
        ),
        log_allowed=log_allowed,
    )


def get_minutes_for_user(request, pk, *, action):
    """A finalised meeting, whose minutes may go out, for whoever may see the meeting. A
    meeting still being written up has no minutes to give: 404 to everyone, logged as a
    refusal. What was allowed the view logs itself, once it has sent the minutes."""
    meeting = get_meeting_for_user(request, pk, action=action, log_allowed=False)
    if not meeting.is_finalised:
        raise CaseNotFound(
            request, case_id=meeting.case.pk, case_reference=meeting.case.reference, action=action
        )
    return meeting
