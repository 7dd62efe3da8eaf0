"""Rules every URL keeps: CSRF on every POST, no-store on every signed-in response, and only
numeric ids in paths."""

import re

import pytest
from django.test import Client

from tests.test_access_matrix import (  # noqa: F401 (world is a fixture)
    MATRIX,
    project_url_names,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db

# The fixed names of an assessment's or a meeting's parts ("strengths", "attendees"), never data.
PART = "<slug:part>"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_post_without_a_csrf_token_is_refused(request, name):
    objects, users = request.getfixturevalue("world")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["morgan"])

    response = browser.post(url_for(name, objects), {"anything": "at all"})

    assert response.status_code == 403, name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_response_to_a_signed_in_person_is_never_stored(client, request, name):
    objects, users = request.getfixturevalue("world")
    client.force_login(users["sam"])

    for method in ["get", "post"]:
        response = getattr(client, method)(url_for(name, objects))
        assert "no-store" in response["Cache-Control"], (name, method, response.status_code)


def test_paths_carry_only_numeric_ids():
    for name, route in project_url_names():
        for converter in re.findall(r"<[^>]+>", route.replace(PART, "")):
            assert converter.startswith("<int:"), (name, route)
