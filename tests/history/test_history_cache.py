"""The case history is cached for each reader under the case's last change and the filters:
every history row and every PDF download on the case moves that change on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLogEntry, Case
from history import registry

pytestmark = pytest.mark.django_db


def history(client, case, **filters):
    """The page's main content (the rest carries each response's own CSP nonce), and the
    queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case_history", args=[case.pk]), filters)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")], len(queries)


def download(user, case, action="download plan PDF"):
    return AccessLogEntry.objects.create(
        user=user,
        case=case,
        case_reference=case.reference,
        action=action,
        allowed=True,
        path="/plans/1/pdf/",
    )


def test_a_second_look_is_the_same_history_for_fewer_queries(client, morgan, reid_case, chloe):
    client.force_login(morgan)

    first, first_queries = history(client, reid_case)
    second, second_queries = history(client, reid_case)

    assert second == first
    assert "Chloe" in second
    assert second_queries <= first_queries - 5
    looks = AccessLogEntry.objects.filter(case_id=reid_case.pk, action="view the case history")
    assert looks.count() == 2


def test_a_change_and_a_download_show_on_the_next_look(client, morgan, sam, reid_case, chloe):
    client.force_login(morgan)
    edited = "Person&#x27;s details: changed"
    before, _ = history(client, reid_case)

    chloe.person.phone = "07700 900456"
    chloe.person.save()
    after_edit, _ = history(client, reid_case)
    download(sam, reid_case)
    after_download, _ = history(client, reid_case)

    assert edited not in before
    assert edited in after_edit
    assert "Downloaded" not in after_edit
    assert "Downloaded" in after_download


def test_each_filter_has_its_own_page(client, morgan, reid_case, chloe):
    client.force_login(morgan)

    everything, _ = history(client, reid_case)
    network_only, _ = history(client, reid_case, kind="network")
    bad_date, _ = history(client, reid_case, since="2026-02-31")

    assert "Chloe" in everything
    assert "Chloe" not in network_only
    assert "There is a problem" in bad_date
    assert "There is a problem" not in everything


def test_only_downloads_in_the_access_log_move_the_case_on(sam, reid_case):
    def changed():
        return Case.objects.values_list("changed_at", flat=True).get(pk=reid_case.pk)

    before = changed()
    download(sam, reid_case, action="view the case")
    after_a_look = changed()
    download(sam, reid_case, action="download the minutes of the core group on 2 December")

    assert after_a_look == before
    assert changed() > before
    assert registry.DOWNLOADS.link.names("download plan PDF")
    assert not registry.DOWNLOADS.link.names("view the case history")
