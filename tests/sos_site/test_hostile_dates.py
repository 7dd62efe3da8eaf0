"""Dates nobody means: year 1, year 9999, twenty-digit years, negative and malformed ones.

Every date a person types, in a form or a page's filter, is refused with a clear error unless it
is plausible, and a date already saved with a mistyped year (before dates were checked) does
not take down the pages that count deadlines from it.
"""

import datetime
import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

import assessments.forms
import cases.forms
import history.forms
import meetings.forms
import plans.forms
from meetings.models import Meeting
from tests.factories import AdminFactory, ReferralFactory
from tests.hostile import forms_on, fuzz_settings
from tests.sos_site.test_fuzz_forms import FORM_PAGES, is_date_part, submission, who_fills_in
from tests.test_access_matrix import url_for, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db

FUZZ = fuzz_settings(40)

# A year no one means: before 1900, or long after today, or too long for any date at all.
far_year = st.one_of(
    st.sampled_from(["1", "1899", "9999", "99999999999999999999"]),
    st.integers(min_value=-(10**25), max_value=1899),
    st.integers(min_value=timezone.localdate().year + 6, max_value=10**25),
).map(str)
malformed = st.sampled_from(["", "abc", "1e5", "²", "-0", "12.5", " ", "٣", "0x10"])
day_or_month = st.one_of(
    st.integers(min_value=1, max_value=28).map(str),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    malformed,
)
# A hostile date as three boxes: its year is never plausible, so it is always refused.
hostile_parts = st.tuples(day_or_month, day_or_month, st.one_of(far_year, malformed.filter(bool)))
# A hostile date as one piece of text, as a filter takes it (YYYY-MM-DD) or search (d/m/y).
hostile_iso = hostile_parts.map(lambda parts: f"{parts[2]}-{parts[1]}-{parts[0]}")
hostile_dmy = hostile_parts.map(lambda parts: "/".join(parts))


def date_fields():
    """Every date field of every form that has one, named by its form."""
    found = []
    for module in (cases.forms, meetings.forms, assessments.forms, plans.forms, history.forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            for field_name, field in getattr(form, "base_fields", {}).items():
                if isinstance(field, forms.DateField | forms.MultiValueField):
                    found.append(pytest.param(field, id=f"{name}.{field_name}"))
    return found


@pytest.mark.parametrize("field", date_fields())
def test_every_date_field_refuses_a_year_nobody_means_with_a_message(field):
    """Clean can only refuse: a ValidationError with words in it, never another exception."""

    @FUZZ
    @given(parts=hostile_parts)
    def refused(parts):
        value = list(parts) if isinstance(field, forms.MultiValueField) else "-".join(parts[::-1])
        with pytest.raises(ValidationError) as refusal:
            field.clean(value)
        assert all(message.strip() for message in refusal.value.messages)

    refused()


@pytest.mark.parametrize("field", date_fields())
@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(1899, 12, 31), "must be on or after 1 January 1900"),
        (datetime.date(9999, 12, 31), "must be on or before"),
    ],
)
def test_every_date_field_says_which_dates_it_takes(field, day, message):
    value = [str(day.day), str(day.month), str(day.year)]
    if not isinstance(field, forms.MultiValueField):
        value = day.isoformat()

    with pytest.raises(ValidationError) as refusal:
        field.clean(value)

    assert any(message in text for text in refusal.value.messages), refusal.value.messages


def test_a_date_of_birth_is_not_years_in_the_future():
    field = cases.forms.PersonForm.base_fields["date_of_birth"]
    in_two_years = timezone.localdate() + datetime.timedelta(days=800)

    with pytest.raises(ValidationError) as refusal:
        field.clean([str(in_two_years.day), str(in_two_years.month), str(in_two_years.year)])

    assert refusal.value.messages[0].startswith("The date of birth must be on or before")


def has_dates(form):
    return any(is_date_part(f["name"]) or f["kind"] == "date" for f in form["fields"])


def with_hostile_dates(form, parts):
    """An ordinary answer to every box, but a hostile date in every date box."""
    data = submission(form, "Ordinary words", {})
    for field in form["fields"]:
        name = field["name"]
        if field["kind"] == "date":
            data[name] = f"{parts[2]}-{parts[1]}-{parts[0]}"
        elif is_date_part(name):
            data[name] = parts[int(name[-1])]
    return data


# The pages whose forms have a date in them.
DATED_PAGES = [
    "case_close",
    "case_history",
    "case_open",
    "child_add",
    "family_member_add",
    "meeting_edit",
    "meeting_new",
    "network_add",
    "network_edit",
    "network_end",
    "part_add",
    "part_edit",
    "partner_access",
    "person_edit",
    "plan_edit",
    "referral_new",
    "scaling_add",
    "three_houses_add",
]
assert set(DATED_PAGES) <= set(FORM_PAGES)


@pytest.mark.parametrize("name", DATED_PAGES)
def test_every_page_refuses_hostile_dates_with_a_message(client, request, name):
    objects, users = request.getfixturevalue("world")
    user = who_fills_in(name)
    client.force_login(AdminFactory() if user == "admin" else users[user])
    page_url = url_for(name, objects)
    dated = [form for form in forms_on(client.get(page_url).content.decode()) if has_dates(form)]
    assert dated

    @FUZZ
    @given(parts=hostile_parts)
    def refused(parts):
        for form in dated:
            send = client.get if form["method"] == "get" else client.post
            response = send(form["action"] or page_url, with_hostile_dates(form, parts))
            assert response.status_code == 200, (name, parts, response.status_code)
            assert "There is a problem" in response.content.decode(), (name, parts)

    refused()


@FUZZ
@given(q=hostile_dmy)
def test_search_for_a_date_nobody_means_is_refused_with_a_message(client, sam, q):
    client.force_login(sam)

    response = client.get(reverse("search"), {"q": q})

    assert response.status_code == 200
    html = response.content.decode()
    if all(part.isdecimal() for part in q.split("/")):  # written as a date, so read as one
        assert "There is a problem" in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("1/1/99999999999999999999", "Enter a real date of birth, for example 27/1/2022"),
        ("31/2/2020", "Enter a real date of birth, for example 27/1/2022"),
        ("1/1/1066", "must be on or after 1 January 1900"),
        ("1/1/9999", "The date of birth must be on or before"),
    ],
)
def test_search_says_what_is_wrong_with_the_date(client, sam, q, message):
    client.force_login(sam)

    response = client.get(reverse("search"), {"q": q})

    assert response.status_code == 200
    assert message in response.content.decode()


@FUZZ
@given(since=hostile_iso, until=hostile_iso)
def test_the_timeline_filter_refuses_dates_nobody_means(client, morgan, reid_case, since, until):
    client.force_login(morgan)

    response = client.get(
        reverse("case_history", args=[reid_case.pk]), {"since": since, "until": until}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_timeline_filter_up_to_the_last_day_of_the_calendar_is_refused(
    client, morgan, reid_case
):
    client.force_login(morgan)

    response = client.get(reverse("case_history", args=[reid_case.pk]), {"until": "9999-12-31"})

    assert response.status_code == 200
    assert "The end date must be on or before" in response.content.decode()


@pytest.fixture
def year_9999_strategy_discussion(reid_case, sam):
    """A meeting saved with a mistyped year before dates were checked."""
    return Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.STRATEGY_DISCUSSION,
        held_at=timezone.make_aware(datetime.datetime(9999, 12, 31, 10)),
        place="Civic Centre",
        chair="Chair",
        scaling_question="Where are things now?",
        created_by=sam,
    )


@pytest.mark.parametrize(("who", "page"), [("sam", "case"), ("sam", "home"), ("morgan", "home")])
def test_a_meeting_saved_in_year_9999_does_not_break_the_pages_with_deadlines(
    client, request, year_9999_strategy_discussion, reid_case, who, page
):
    client.force_login(request.getfixturevalue(who))
    url = reverse("case_detail", args=[reid_case.pk]) if page == "case" else reverse("home")

    response = client.get(url)

    assert response.status_code == 200
    assert "Initial child protection conference" not in response.content.decode()


def test_a_meeting_saved_in_year_9999_can_be_corrected_from_its_case_page(
    client, sam, year_9999_strategy_discussion, reid_case
):
    client.force_login(sam)
    url = reverse("meeting_edit", args=[year_9999_strategy_discussion.pk])
    case_page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()
    assert (
        f'href="{url}"' in case_page
        or reverse("meeting_detail", args=[year_9999_strategy_discussion.pk]) in case_page
    )
    today = timezone.localdate()
    form = next(f for f in forms_on(client.get(url).content.decode()) if has_dates(f))
    data = submission(form, "Ordinary words", {})
    data.update(held_on_0=str(today.day), held_on_1=str(today.month), held_on_2=str(today.year))

    response = client.post(url, data)

    assert response.status_code == 302
    year_9999_strategy_discussion.refresh_from_db()
    assert year_9999_strategy_discussion.held_on == today
    due = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()
    assert "Initial child protection conference" in due


def test_a_referral_saved_in_year_9999_does_not_break_the_managers_home(client, morgan, north):
    ReferralFactory(team=north, received_on=datetime.date(9999, 12, 31))
    client.force_login(morgan)

    response = client.get(reverse("home"))

    assert response.status_code == 200
