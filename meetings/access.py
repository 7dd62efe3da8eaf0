"""Meetings follow their case's access rules, which cases.access decides. A partner sees a
meeting only if they attended it and hold an active grant, and then only its minutes and
actions."""

from cases.access import READ, get_on_case_for_user
from meetings.models import Meeting


def get_meeting_for_user(request, pk, *, need=READ, action="view a meeting"):
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
    )
