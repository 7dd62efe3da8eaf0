"""Meetings follow their case's access rules, which cases.access decides. A partner sees a
meeting only if they attended it and hold an active grant, and then only its minutes and
actions."""

from cases.access import (
    NONE,
    PLAN,
    READ,
    CaseNotFound,
    CaseReadOnly,
    access_level,
    log_entry,
    with_access,
)
from meetings.models import Meeting


def get_meeting_for_user(request, pk, *, need=READ, action="view meeting"):
    meeting = Meeting.objects.select_related("case").filter(pk=pk).first()
    case = meeting.case if meeting else None
    level = access_level(request.user, case) if case else NONE
    details = {
        "case_id": case.pk if case else None,
        "case_reference": case.reference if case else "",
    }
    partner_attended = (
        level == PLAN
        and need <= READ
        and meeting.is_finalised
        and meeting.attendees.filter(user=request.user).exists()
    )
    if level == NONE or (level == PLAN and not partner_attended):
        raise CaseNotFound(request, action=action, **details)
    if level > PLAN and level < need:
        raise CaseReadOnly(request, action=action, **details)
    log_entry(request, action=action, allowed=True, **details).save()
    with_access(case, level)
    return meeting
