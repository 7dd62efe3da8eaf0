"""Workflows that span apps."""

from django.db import transaction

from assessments.models import ScalingAnswer
from cases.models import Referral


@transaction.atomic
def open_case_from_referral(
    *, referral, practice_context, allocated_worker, reason, by, source="", primary_need=""
):
    """Open a case for the referred child, and put the referrer's scaling score on it as their
    first answer, so the case's scaling history starts where the referral did. All of it
    happens, or none of it."""
    case = referral.open_case(
        practice_context=practice_context,
        allocated_worker=allocated_worker,
        reason=reason,
        by=by,
        source=source,
        primary_need=primary_need,
    )
    answer = ScalingAnswer(
        case=case,
        question=Referral.SCALING_QUESTION,
        respondent_kind=ScalingAnswer.Kind.PROFESSIONAL,
        respondent_name=referral.referrer_name,
        agency=referral.referrer_agency,
        score=referral.referrer_scaling_score,
        reason=(
            f"Given with the referral received on {referral.received_on:%-d %B %Y}. "
            f"What they are worried about: {referral.worried_about}"
        ),
        answered_on=referral.received_on,
        recorded_by=by,
    )
    answer._history_user = by
    answer.save()
    return case
