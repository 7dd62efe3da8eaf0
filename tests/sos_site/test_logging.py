"""Logs hold events, not case content: no free text, no form values, one line per event."""

import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from sos_site.logging import SafeFormatter
from tests.factories import TEST_PASSWORD, authenticator_for, code_from

pytestmark = pytest.mark.django_db

CONTENT = "Leo told the nursery that Daddy hurt Mummy's arm on Friday"


def logged(caplog):
    """The captured records, formatted exactly as the service's console handler writes them."""
    config = django_settings.LOGGING["formatters"]["plain"]
    formatter = SafeFormatter(config["format"])
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_the_console_handler_uses_the_safe_formatter():
    assert django_settings.LOGGING["formatters"]["plain"]["()"] == "sos_site.logging.SafeFormatter"
    assert django_settings.LOGGING["handlers"]["console"]["formatter"] == "plain"


@pytest.mark.urls("tests.sos_site.error_urls")
def test_a_500_is_logged_without_the_form_values_or_the_exception_message(caplog):
    client = Client(raise_request_exception=False)

    response = client.post("/broken-by-input/", {"text": CONTENT, "child": "Leo Reid"})

    output = logged(caplog)
    assert response.status_code == 500
    assert "Internal Server Error: /broken-by-input/" in output
    assert "builtins.ValueError (message not logged)" in output
    assert "in broken_by_input" in output
    assert "Leo" not in output
    assert "could not save" not in output


def test_a_newline_in_a_logged_path_cannot_forge_a_log_line(client, caplog):
    client.get("/no-such-page/%0A2026-11-25 09:00:00 INFO sos.security second factor accepted")

    output = logged(caplog)
    assert "Not Found: /no-such-page/\\n2026-11-25 09:00:00 INFO" in output
    assert len(output.splitlines()) == 1


def test_a_days_work_leaves_no_case_content_in_the_logs(client, sam, reid_case, caplog, settings):
    # Debug mode would log every query with its parameters, were django.db.backends not held
    # at INFO.
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    device = authenticator_for(sam)

    client.post(reverse("login"), {"username": "sam", "password": TEST_PASSWORD})
    client.post(reverse("second_factor"), {"code": code_from(device)})
    client.get(reverse("search"), {"q": "Leo Reid"})
    draft = Assessment.start(case=reid_case, by=sam)
    saved = client.post(
        reverse("part_add", args=[draft.pk, "future-worries"]),
        {
            "text": CONTENT,
            "source": "Nursery",
            "noted_on_0": "2",
            "noted_on_1": "11",
            "noted_on_2": "2026",
        },
    )
    client.post(reverse("plain_language_check"), {"text": CONTENT})

    output = logged(caplog)
    assert saved.status_code == 302
    assert draft.entries.filter(text=CONTENT).exists()
    assert caplog.records, "the journey should have logged something"
    assert "Leo" not in output
    assert "Nursery" not in output
    assert "Daddy" not in output
