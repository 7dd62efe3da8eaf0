"""Closing, reopening and deciding a referral refuse a wrong starting state themselves, and the
access module works out once whether the person may change the case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cases.access import PLAN, WRITE, CaseNotFound, check_access, get_case_for_user
from cases.models import Case, Referral

pytestmark = pytest.mark.django_db


def refusal(change):
    with pytest.raises(ValidationError) as raised:
        change()
    return raised.value.message


def test_a_closed_case_is_not_closed_again_and_an_open_one_not_reopened(reid_case, morgan):
    assert refusal(lambda: reid_case.reopen(reason="Again", by=morgan)) == (
        "This case is already open."
    )
    reid_case.close(reason="Safe", on=datetime.date.today(), by=morgan)
    assert refusal(lambda: reid_case.close(reason="Safe", on=datetime.date.today(), by=morgan)) == (
        "This case is already closed."
    )
    assert reid_case.history.filter(status=Case.Status.CLOSED).count() == 1


def test_a_referral_is_decided_once(pending_referral, morgan, reid_case):
    pending_referral.close_with_no_further_action(reason="Support in school", by=morgan)

    assert refusal(
        lambda: pending_referral.link_to(reid_case, reason="Same", by=morgan)
    ).startswith("Morgan Hughes already decided this referral on ")
    pending_referral.refresh_from_db()
    assert (pending_referral.status, pending_referral.linked_case) == (
        Referral.Status.NO_FURTHER_ACTION,
        None,
    )


def test_whether_the_person_may_change_the_case_is_worked_out_with_their_access(
    reid_case, sam, morgan
):
    request = RequestFactory().get("/")
    request.user = sam
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    assert get_case_for_user(request, reid_case.pk, need=WRITE).can_change is True

    reid_case.close(reason="Safe", on=datetime.date.today(), by=morgan)
    closed = get_case_for_user(request, reid_case.pk)
    assert (closed.access >= WRITE, closed.can_change) == (True, False)


def test_a_partner_never_changes_a_case_whatever_a_caller_allows(reid_case, pat, pat_grant):
    request = RequestFactory().post("/")
    request.user = pat
    request.META["REMOTE_ADDR"] = "127.0.0.1"

    assert check_access(request, reid_case, need=PLAN, action="view plan", partner_may_see=True)
    with pytest.raises(CaseNotFound):
        check_access(request, reid_case, need=WRITE, action="edit plan", partner_may_see=True)
