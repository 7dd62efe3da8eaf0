import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"  # and no background job is waiting for a worker
    assert response["Content-Type"].startswith("text/plain")
    assert "django_tasks_database_dbtaskresult" in captured.captured_queries[0]["sql"]


def test_healthz_needs_no_sign_in_and_accepts_only_get(client):
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
