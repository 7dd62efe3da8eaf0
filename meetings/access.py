"""Meetings follow their case's access rules, which cases.access decides. A partner sees a
meeting only if they attended it and hold an active grant, and then only its minutes and
actions."""

from cases.access import READ, check_access
from meetings.models import Meeting


def get_meeting_for_user(request, pk, *, need=READ, action="view meeting"):
    meeting = Meeting.objects.select_related("case").filter(pk=pk).first()
    check_access(
        request,
        meeting.case if meeting else None,
        need=need,
        action=action,
        partner_may_see=lambda: (
            need <= READ
            and meeting.is_finalised
            and meeting.attendees.filter(user=request.user).exists()
        ),
    )
    return meeting
