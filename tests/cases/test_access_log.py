"""The access log is append-only: no admin edit or delete, and PostgreSQL refuses both."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.urls import reverse

from cases.models import AccessLogEntry
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The database trigger is PostgreSQL's; the SQLite laptop demo has no triggers.",
)


@pytest.fixture
def entry(sam, reid_case):
    return AccessLogEntry.objects.create(
        user=sam,
        case=reid_case,
        case_reference=reid_case.reference,
        action="view case",
        allowed=True,
        path="/",
    )


def test_the_admin_site_can_read_the_log_but_not_change_it(client, entry):
    client.force_login(AdminFactory())

    assert client.get(reverse("admin:cases_accesslogentry_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_accesslogentry_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:cases_accesslogentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(
        reverse("admin:cases_accesslogentry_change", args=[entry.pk]), {"action": "changed"}
    )
    entry.refresh_from_db()
    assert entry.action == "view case"


@ON_POSTGRESQL
def test_postgresql_refuses_to_update_a_log_row(entry):
    with (
        pytest.raises((InternalError, IntegrityError, ProgrammingError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE cases_accesslogentry SET action = 'edited' WHERE id = %s", [entry.pk]
        )
    entry.refresh_from_db()
    assert entry.action == "view case"


@ON_POSTGRESQL
def test_postgresql_refuses_to_delete_a_log_row(entry):
    with (
        pytest.raises((InternalError, IntegrityError, ProgrammingError), match="append-only"),
        transaction.atomic(),
    ):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
