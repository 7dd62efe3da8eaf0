"""The case timeline: every kind of event, its author and its diff; stable keyset pages."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, MappingEntry, ScalingAnswer
from cases.models import AccessLogEntry, Case, PartnerAccessGrant, Referral, User
from history import registry, timeline
from meetings.models import Meeting
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(client, case, **params):
    response = client.get(reverse("case_history", args=[case.pk]), params)
    assert response.status_code == 200
    return response


def plan_download(user, case, *, allowed=True):
    """The access log's row for a try at downloading the case's plan PDF."""
    return AccessLogEntry.objects.create(
        user=user,
        case=case,
        case_reference=case.reference,
        action="download plan PDF",
        allowed=allowed,
        path="/plans/1/pdf/",
    )


def every_page(client, case):
    """Follow the "next" cursor to the end: the (table, id) of each event seen, and the last page."""
    seen, params = [], {}
    for _ in range(50):  # far more pages than there are events: a loop would fail, not hang
        response = page(client, case, **params)
        seen += [(e.key, e.pk) for e in response.context["events"]]
        if not response.context["next_after"]:
            break
        params = {"after": response.context["next_after"]}
    return seen, response


def test_each_kind_of_event_appears_with_its_author(
    client, sam, morgan, pat, reid_case, chloe, network_member
):
    reid_case.allocate(sam, by=morgan)
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)
    assessment.sign_off(by=morgan)
    ScalingAnswer.objects.create(
        case=reid_case,
        question="Q",
        respondent_kind="family",
        respondent_name="Chloe",
        score=6,
        reason="Better",
        answered_on=datetime.date(2026, 11, 2),
        recorded_by=sam,
    )
    Meeting.objects.create(
        case=reid_case,
        kind="core_group",
        held_at=timezone.now(),
        place="Office",
        chair="Sam",
        scaling_question="Q",
        created_by=sam,
    )
    grant = PartnerAccessGrant(
        case=reid_case,
        partner=pat,
        granted_by=morgan,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2027, 1, 1),
    )
    grant._history_user = morgan
    grant.save()
    plan_download(pat, reid_case)
    client.force_login(morgan)

    events = page(client, reid_case).context["events"]

    kinds = {event.kind for event in events}
    assert {
        "case",
        "people",
        "network",
        "assessment",
        "scaling",
        "meeting",
        "partner",
        "download",
    } <= kinds
    signed = next(
        e
        for e in events
        if e.label == "Assessment" and any(c.new == "Signed off" for c in e.changes)
    )
    assert signed.user == morgan
    status = next(c for c in signed.changes if c.field == "Status")
    assert (status.old, status.new) == ("Submitted for sign-off", "Signed off")
    download = next(e for e in events if e.kind == "download")
    assert download.user == pat
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)


def test_a_field_change_shows_old_and_new_and_long_text_as_a_word_diff(
    client, sam, morgan, reid_case, network_member
):
    network_member.relationship = "Nan"
    network_member.agreed_to_do = (
        "Visits every evening at bath time and stays over on Saturdays when Chloe works late."
    )
    network_member._history_user = sam
    network_member.save()
    client.force_login(morgan)

    event = page(client, reid_case, kind="network").context["events"][0]

    assert (event.user, event.action) == (sam, "Changed")
    by_field = {change.field: change for change in event.changes}
    assert (
        by_field["Who they are to the children"].old,
        by_field["Who they are to the children"].new,
    ) == ("Grandmother", "Nan")
    pieces = [(piece.kind, piece.text) for piece in by_field["What they have agreed to do"].pieces]
    assert pieces == [
        ("same", "Visits every evening at bath "),
        ("removed", "time."),
        ("added", "time and stays over on Saturdays when Chloe works late."),
    ]


def test_filters_by_kind_user_and_date(client, sam, morgan, reid_case, network_member):
    reid_case.allocate(sam, by=morgan)
    client.force_login(morgan)

    by_kind = page(client, reid_case, kind="network").context["events"]
    by_user = page(client, reid_case, user=morgan.pk).context["events"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = page(client, reid_case, since=tomorrow.isoformat()).context["events"]

    assert {e.kind for e in by_kind} == {"network"}
    assert by_user
    assert {e.user for e in by_user} == {morgan}
    assert future == []


def test_the_filter_shows_what_was_chosen(client, sam, morgan, reid_case, network_member):
    reid_case.add_child(PersonFactory(), by=sam)
    client.force_login(morgan)

    html = page(client, reid_case, kind=["network", "people"], user=sam.pk).content.decode()
    unfiltered = page(client, reid_case).content.decode()

    checked = re.findall(r'name="kind" type="checkbox" value="(\w+)" checked', html)
    selected = re.findall(r'<option value="(\d+)" selected>', html)
    assert sorted(checked) == ["network", "people"]
    assert selected == [str(sam.pk)]
    assert " checked" not in unfiltered
    assert " selected" not in unfiltered


def test_pages_stay_put_while_new_events_arrive(client, sam, morgan, reid_case, monkeypatch):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 3)
    for number in range(7):
        reid_case.add_child(PersonFactory(first_name=f"Child{number}"), by=sam)
    client.force_login(morgan)

    first = page(client, reid_case)
    cursor = first.context["next_after"]
    second_before = [(e.key, e.pk) for e in page(client, reid_case, after=cursor).context["events"]]
    for number in range(4):
        reid_case.add_child(PersonFactory(first_name=f"Newer{number}"), by=sam)
    second_after = [(e.key, e.pk) for e in page(client, reid_case, after=cursor).context["events"]]

    assert second_before == second_after
    assert len(second_before) == 3
    assert not set(second_before) & {(e.key, e.pk) for e in first.context["events"]}


def test_every_event_is_reached_once_page_by_page(client, sam, morgan, reid_case, monkeypatch):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    for number in range(9):
        reid_case.add_child(PersonFactory(first_name=f"Child{number}"), by=sam)
    client.force_login(morgan)

    seen, last = every_page(client, reid_case)

    assert len(seen) == len(set(seen))
    assert last.context["next_after"] is None
    assert len(seen) >= 18  # nine children and nine people, at least


def test_events_at_the_same_moment_in_different_tables_are_each_shown_once(
    client, sam, morgan, reid_case, monkeypatch
):
    """The cursor breaks ties on (table, id), so a page boundary inside a tie loses nothing."""
    monkeypatch.setattr(timeline, "PAGE_SIZE", 2)
    for number in range(3):
        reid_case.add_child(PersonFactory(first_name=f"Twin{number}"), by=sam)
    moment = timezone.now()
    # Every row written so far, in every table, made to share one timestamp.
    for source in registry.sources():
        source.history.objects.all().update(history_date=moment)
    client.force_login(morgan)
    expected = {
        (source.key, pk)
        for source in registry.sources()
        for pk in source.history.objects.filter(
            source.case_filter(reid_case, registry.related_ids(reid_case))
        ).values_list("history_id", flat=True)
    }

    seen, _ = every_page(client, reid_case)

    assert len(seen) == len(set(seen))
    assert set(seen) == expected
    assert len(expected) >= 7  # the case, three children and three people


def test_the_query_count_is_constant_however_long_the_history(client, sam, morgan, reid_case):
    client.force_login(morgan)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page(client, reid_case)
        return len(queries)

    # Enough events to fill a page, then many more of the same kinds.
    for number in range(timeline.PAGE_SIZE):
        reid_case.add_child(PersonFactory(first_name=f"A{number}"), by=sam)
    small = count()
    for number in range(200):
        reid_case.add_child(PersonFactory(first_name=f"B{number}"), by=sam)
    assert count() == small


def test_viewing_the_history_is_logged(client, morgan, reid_case):
    client.force_login(morgan)

    page(client, reid_case)

    assert AccessLogEntry.objects.filter(
        user_id=morgan.pk, case=reid_case, action="view the case history"
    ).exists()


def test_a_bad_cursor_starts_from_the_newest(client, morgan, reid_case):
    client.force_login(morgan)

    assert page(client, reid_case, after="not-a-cursor").context["first_page"] is True


def test_changed_by_offers_everyone_who_appears_partners_too_and_nobody_else(
    client, morgan, sam, alex, pat, reid_case
):
    reid_case.add_child(PersonFactory(), by=sam)
    plan_download(pat, reid_case)
    client.force_login(morgan)

    form = client.get(reverse("case_history", args=[reid_case.pk])).context["filters"]
    narrowed = page(client, reid_case, user=pat.pk).context["events"]

    offered = set(form.fields["user"].queryset)
    assert {sam, pat} <= offered
    assert alex not in offered
    assert [(event.kind, event.user) for event in narrowed] == [("download", pat)]


def test_a_refused_download_reads_as_a_refusal_not_a_download(client, morgan, pat, reid_case):
    plan_download(pat, reid_case, allowed=False)
    client.force_login(morgan)

    event = next(e for e in page(client, reid_case).context["events"] if e.kind == "download")

    assert event.action == "Refused"
    assert event.summary.startswith("Tried to download plan PDF")


def test_the_minutes_downloads_are_pdf_downloads_on_the_timeline(client, morgan, pat, reid_case):
    for allowed, action in [
        (True, "download the minutes of the core group on 2 November 2026"),
        (False, "download the minutes of a meeting"),
    ]:
        AccessLogEntry.objects.create(
            user=pat,
            case=reid_case,
            case_reference=reid_case.reference,
            action=action,
            allowed=allowed,
            path="/meetings/1/minutes.pdf",
        )
    client.force_login(morgan)

    events = page(client, reid_case, kind="download").context["events"]

    assert [(event.action, event.summary.split(" (from")[0]) for event in events] == [
        ("Refused", "Tried to download the minutes of a meeting"),
        ("Downloaded", "Downloaded the minutes of the core group on 2 November 2026"),
    ]


def test_someone_who_did_not_score_at_a_meeting_reads_so(client, morgan, sam, reid_case):
    meeting = Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.CORE_GROUP,
        held_at=timezone.now(),
        place="Civic Centre",
        chair="Jan Patel",
        scaling_question="Where are things now?",
        created_by=sam,
    )
    sandra = meeting.attendees.create(kind="family", name="Sandra Reid")
    meeting.answers.create(attendee=sandra, declined=True)
    client.force_login(morgan)

    summaries = [event.summary for event in page(client, reid_case).context["events"]]

    assert "Sandra Reid did not want to give a score" in summaries


def test_a_scaling_score_says_who_scored_what_and_why(client, morgan, sam, reid_case):
    answer = ScalingAnswer(
        case=reid_case,
        question="On a scale of 0 to 10, where are things now?",
        respondent_kind=ScalingAnswer.Kind.FAMILY,
        respondent_name="Kerry Booth",
        score=6,
        reason="I have food in now",
        answered_on=datetime.date(2026, 3, 2),
        recorded_by=sam,
    )
    answer._history_user = sam
    answer.save()
    client.force_login(morgan)

    events = page(client, reid_case, kind=["scaling"]).context["events"]

    assert [e.summary for e in events] == ["Kerry Booth scored 6: 'I have food in now'"]


def test_the_timeline_and_a_purge_find_the_same_rows_about_each_demo_case(settings):
    """Each table's link to a case is written twice: as SQL for the timeline and as a Q for
    purging. On the demo's cases, which have assessments, goals, meetings and plans, both forms
    pick out the same history rows."""
    settings.DEBUG = True
    call_command("seed_demo")
    waiting = Referral.objects.awaiting_decision().get()
    waiting.link_to(Case.objects.first(), reason="Same family", by=User.objects.get(username="sam"))
    keys = set()
    for case in Case.objects.all():
        related = registry.related_ids(case)
        by_q = {
            (source.key, pk)
            for source in registry.sources()
            for pk in source.history.objects.filter(source.case_filter(case, related)).values_list(
                "history_id", flat=True
            )
        }
        by_sql, cursor = [], None
        while True:
            events, cursor = timeline.timeline_page(case, cursor=cursor)
            by_sql += [(event.key, event.pk) for event in events if event.key != "download"]
            if cursor is None:
                break
        assert len(by_sql) == len(set(by_sql))
        assert set(by_sql) == by_q
        keys |= {key for key, _ in by_q}
    assert {"person", "referral", "entry", "statement", "goal", "attendee", "rule"} <= keys


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Prepared statements are PostgreSQL's."
)
def test_on_postgresql_the_union_is_planned_once_and_then_run_prepared(client, morgan, reid_case):
    client.force_login(morgan)
    for _ in range(6):  # psycopg prepares a statement on its fifth run
        cache.clear()  # each look reads the history afresh, not the page cached by the last
        page(client, reid_case)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%UNION ALL%ORDER BY t_date%"],
        )
        assert cursor.fetchone()[0] == 1


def test_an_entry_carried_forward_says_who_wrote_it_in_the_history(client, sam, morgan, reid_case):
    first = Assessment.start(case=reid_case, by=sam)
    entry = MappingEntry(
        assessment=first,
        category=MappingEntry.Category.STRENGTH,
        text="Sandra has Leo every Saturday.",
        source="Sandra",
        noted_on=datetime.date(2026, 11, 2),
    )
    entry.save_checked(expected_revision=entry.revision, by=morgan)
    first.submit(by=sam)
    UserFactory(username="casey", first_name="Casey", role="manager", team=reid_case.team)
    first.sign_off(by=User.objects.get(username="casey"))
    first.start_new_version(by=sam)
    client.force_login(morgan)

    page = client.get(reverse("case_history", args=[reid_case.pk])).content.decode()

    assert "Carried forward from assessment 1, written by Morgan Hughes" in page
