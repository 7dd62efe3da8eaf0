"""Emergency access: a reason, a time limit, a log entry and a notice to the case's manager."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry, BreakGlassAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_case(reid_case, morgan):
    reid_case.restrict([morgan], by=morgan)
    return reid_case


def test_a_worker_gets_time_limited_access_with_a_reason(client, alex, restricted_case, settings):
    client.force_login(alex)
    assert client.get(reverse("case_detail", args=[restricted_case.pk])).status_code == 404

    response = client.post(
        reverse("break_glass"),
        {"reference": restricted_case.reference, "reason": "Police called out of hours about Leo."},
    )

    assert response["Location"] == reverse("case_detail", args=[restricted_case.pk])
    access = BreakGlassAccess.objects.get()
    assert (access.user, access.case) == (alex, restricted_case)
    assert access.expires_at - access.started_at == datetime.timedelta(
        minutes=settings.BREAK_GLASS_MINUTES
    )
    assert access.history.get().history_user == alex
    assert AccessLogEntry.objects.filter(
        user_id=alex.pk, action__startswith="use emergency access until", allowed=True
    ).exists()
    assert client.get(reverse("case_detail", args=[restricted_case.pk])).status_code == 200


def test_emergency_access_gives_reading_not_writing(client, alex, restricted_case):
    client.force_login(alex)
    client.post(
        reverse("break_glass"),
        {"reference": restricted_case.reference, "reason": "Police called out of hours."},
    )

    assert client.get(reverse("child_add", args=[restricted_case.pk])).status_code == 403


def test_emergency_access_ends_when_it_expires(client, alex, restricted_case):
    BreakGlassAccess.objects.create(
        case=restricted_case,
        user=alex,
        reason="Urgent",
        started_at=timezone.now() - datetime.timedelta(hours=5),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(alex)

    assert client.get(reverse("case_detail", args=[restricted_case.pk])).status_code == 404


def test_emergency_access_needs_a_reason_and_a_real_reference(client, alex, restricted_case):
    client.force_login(alex)

    no_reason = client.post(reverse("break_glass"), {"reference": restricted_case.reference})
    no_case = client.post(
        reverse("break_glass"),
        {"reference": "SOS-1999-99999", "reason": "Police called out of hours."},
    )

    assert "Enter why you need to see this case now" in no_reason.content.decode()
    assert "We could not find a case with that reference" in no_case.content.decode()
    assert not BreakGlassAccess.objects.exists()


def test_the_case_manager_sees_a_notice_on_their_home_page(client, alex, morgan, restricted_case):
    BreakGlassAccess.start(case=restricted_case, user=alex, reason="Police called out of hours.")
    client.force_login(morgan)

    html = client.get(reverse("home")).content.decode()

    assert "Emergency access" in html
    assert "Alex Brennan used emergency access" in html
    assert "Police called out of hours." in html


def test_a_manager_not_named_on_the_restricted_case_sees_no_notice_of_it(
    client, alex, north, restricted_case
):
    from tests.factories import ManagerFactory

    BreakGlassAccess.start(case=restricted_case, user=alex, reason="Police called out of hours.")
    client.force_login(ManagerFactory(username="lee", team=north))

    response = client.get(reverse("home"))

    assert list(response.context["break_glass"]) == []
    assert restricted_case.reference not in response.content.decode()


REASON = "Police called out of hours about Leo."


def test_a_reason_of_a_word_or_two_is_refused(client, alex, restricted_case):
    client.force_login(alex)

    response = client.post(
        reverse("break_glass"), {"reference": restricted_case.reference, "reason": "x"}
    )

    assert response.status_code == 200
    assert (
        "Why you need to see this case now must be at least 20 characters"
        in response.content.decode()
    )
    assert not BreakGlassAccess.objects.exists()


def test_a_case_the_user_can_already_read_needs_no_emergency_access(client, jo, reid_case):
    client.force_login(jo)

    response = client.post(
        reverse("break_glass"), {"reference": reid_case.reference, "reason": REASON}
    )

    assert response.status_code == 200
    assert (
        f"You can already see {reid_case.reference}, so you do not need emergency access"
        in response.content.decode()
    )
    assert not BreakGlassAccess.objects.exists()
    refused = AccessLogEntry.objects.get(user_id=jo.pk)
    assert (refused.allowed, refused.case_id) == (False, reid_case.pk)


def test_a_missing_reference_and_one_already_readable_are_both_refused_and_logged(
    client, alex, jo, reid_case
):
    client.force_login(alex)
    missing = client.post(
        reverse("break_glass"), {"reference": " sos-1999-99999 ", "reason": REASON}
    )
    client.force_login(jo)
    readable = client.post(
        reverse("break_glass"), {"reference": reid_case.reference, "reason": REASON}
    )

    assert missing.status_code == readable.status_code == 200
    assert "We could not find a case with that reference" in missing.content.decode()
    assert "emergency access" not in missing.context["form"].errors["reference"][0]
    assert not BreakGlassAccess.objects.exists()
    refused = AccessLogEntry.objects.get(user_id=alex.pk)
    assert (refused.allowed, refused.case_id, refused.case_reference) == (
        False,
        None,
        "SOS-1999-99999",
    )
    assert refused.action == "use emergency access"


def test_the_answer_to_someone_who_cannot_read_the_case_says_nothing_of_whether_it_exists(
    client, alex, restricted_case
):
    client.force_login(alex)

    hidden = client.post(
        reverse("break_glass"), {"reference": restricted_case.reference, "reason": "x"}
    )
    missing = client.post(reverse("break_glass"), {"reference": "SOS-1999-99999", "reason": "x"})

    # Too short a reason is refused first; only with a real reason does the reference matter.
    assert hidden.status_code == missing.status_code == 200
    assert hidden.context["form"].errors == missing.context["form"].errors
    assert [entry.case_id for entry in AccessLogEntry.objects.filter(user_id=alex.pk)] == [
        None,
        None,
    ]


def test_the_log_row_holds_the_end_time_and_the_reason(client, alex, restricted_case):
    client.force_login(alex)

    client.post(
        reverse("break_glass"), {"reference": restricted_case.reference, "reason": REASON * 3}
    )

    access = BreakGlassAccess.objects.get()
    entry = AccessLogEntry.objects.get(user_id=alex.pk, allowed=True)
    until = timezone.localtime(access.expires_at).strftime("%H:%M")
    assert entry.action.startswith(f"use emergency access until {until}: Police called")
    assert entry.action.endswith("…")
    assert len(entry.action) == 100
    assert entry.case_id == restricted_case.pk
    assert access.reason == REASON * 3


def test_the_case_manager_ends_emergency_access_early(client, alex, morgan, restricted_case):
    access = BreakGlassAccess.start(case=restricted_case, user=alex, reason=REASON)
    client.force_login(morgan)

    response = client.post(reverse("break_glass_end", args=[access.pk]))

    assert response.status_code == 302
    access.refresh_from_db()
    assert not access.is_current
    assert access.history.first().history_user == morgan
    assert AccessLogEntry.objects.filter(
        user_id=morgan.pk, case_id=restricted_case.pk, action="end emergency access of Alex Brennan"
    ).exists()
    assert "Alex Brennan used emergency access" not in client.get(reverse("home")).content.decode()
    client.force_login(alex)
    assert client.get(reverse("case_detail", args=[restricted_case.pk])).status_code == 404


def test_only_the_case_manager_may_end_it(client, alex, jo, restricted_case):
    access = BreakGlassAccess.start(case=restricted_case, user=alex, reason=REASON)

    # Alex may read the case through it, but not change it; Jo is not named on the case.
    for user, status in [(alex, 403), (jo, 404)]:
        client.force_login(user)
        assert client.post(reverse("break_glass_end", args=[access.pk])).status_code == status
    access.refresh_from_db()
    assert access.is_current


def test_the_notice_goes_when_the_access_expires(client, alex, morgan, restricted_case):
    BreakGlassAccess.objects.create(
        case=restricted_case,
        user=alex,
        reason=REASON,
        started_at=timezone.now() - datetime.timedelta(hours=5),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(morgan)

    response = client.get(reverse("home"))

    assert list(response.context["break_glass"]) == []
    assert "Alex Brennan used emergency access" not in response.content.decode()


def test_search_offers_emergency_access(client, alex):
    client.force_login(alex)

    html = client.get(reverse("search"), {"q": "Nobody Here"}).content.decode()

    assert "If a child may be at risk now and you cannot see their case" in html
    assert reverse("break_glass") in html


def test_the_not_found_page_offers_emergency_access_to_staff_only(client, alex, pat):
    missing = reverse("case_detail", args=[999999])

    client.force_login(alex)
    staff = client.get(missing)
    client.force_login(pat)
    partner = client.get(missing)

    assert staff.status_code == partner.status_code == 404
    assert reverse("break_glass") in staff.content.decode()
    assert reverse("break_glass") not in partner.content.decode()
