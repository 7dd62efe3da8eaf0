"""Workflows that span apps."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import NextStep, ScalingAnswer
from meetings.models import Meeting


def refuse_finalise(meeting):
    """Raise a ValidationError saying why `meeting` cannot be finalised now, if it cannot.

    The confirmation page asks this before it offers the button, and meeting_finalise asks it
    again under the row lock, so both follow one rule.
    """
    if meeting.is_finalised:
        raise ValidationError("This meeting is already finalised.")
    meeting.case.refuse_if_closed()
    # Finalising puts everyone's answers on the case's chart dated the day of the meeting, and
    # nobody has given an answer at a meeting that has not happened yet.
    if meeting.held_on > timezone.localdate():
        raise ValidationError(
            f"This meeting is on {meeting.held_on:%-d %B %Y}. "
            "It can be finalised on or after that day."
        )


@transaction.atomic
def meeting_finalise(*, meeting, by):
    """Copy the meeting's scaling answers into the case's scaling history and its actions into
    the case's next steps, then lock the meeting. All of it happens, or none of it.

    Each answer and action can be copied once only: the copies point back at what they were
    copied from, through one-to-one fields the database holds to.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_finalise(meeting)
    # Someone who did not want to give a number is on the meeting's record, not on the chart.
    for answer in meeting.answers.filter(declined=False).select_related("attendee"):
        attendee = answer.attendee
        copy = ScalingAnswer(
            case=meeting.case,
            question=meeting.scaling_question,
            respondent_kind=attendee.kind,
            respondent_name=attendee.name,
            agency=attendee.agency,
            score=answer.score,
            reason=answer.reason,
            move_up_one=answer.move_up_one,
            answered_on=meeting.held_on,
            recorded_by=by,
            from_meeting_answer=answer,
        )
        copy._history_user = by
        copy.save()
    for action in meeting.actions.all():
        step = NextStep(
            case=meeting.case,
            what=action.what,
            who=action.who,
            by_when=action.by_when,
            done=action.done,
            from_action=action,
        )
        # The words stay the action's author's; the history says who put them on the case.
        author = action.history.order_by("history_date").values_list("history_user", flat=True)
        author_id = author.first()
        step.written_by_id = step.changed_by_id = author_id
        step.editors = [author_id] if author_id else []
        step.save_copy(by=by, reason=f"From the {meeting.get_kind_display().lower()} action list")
    meeting.status = Meeting.Status.FINALISED
    meeting.finalised_by = by
    meeting.finalised_at = timezone.now()
    meeting._history_user = by
    meeting.save()
    return meeting
