"""A request for a host the service does not answer to is refused as a bad request, 400, by
Django's own check, never turned into a server error by the middleware around it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hosts(settings, client):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    # Answer as the server would, rather than raise the error into the test.
    client.raise_request_exception = False


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_host_header_is_a_bad_request(client, production_hosts, sam, signed_in, method):
    if signed_in:
        client.force_login(sam)

    response = getattr(client, method)(reverse("home"), HTTP_HOST="evil.example")

    assert response.status_code == 400


def test_the_right_host_is_still_answered(client, production_hosts, sam):
    client.force_login(sam)

    assert client.get(reverse("home")).status_code == 200
