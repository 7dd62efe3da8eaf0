"""Every form in the product, filled with hostile text by Hypothesis.

Each page's forms are read from the HTML, as a browser would, and every free-text box gets the
same generated text: markup, right-to-left and zero-width characters, NUL bytes, very long
strings, or anything else Unicode holds. Other boxes get ordinary valid answers. Whatever is
typed, the result is one of two things, and never a server error:

- it saves (a redirect), the text is in the database exactly as typed (less the spaces at the
  ends, which every form trims), and no page shows it as markup; or
- the form comes back with an error, and what was typed is in it, escaped, so nothing is lost.
"""

import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given

from cases.models import Case
from tests.factories import AdminFactory
from tests.hostile import forms_on, fuzz_settings, hostile_text
from tests.test_access_matrix import (  # noqa: F401 (world is a fixture)
    GOVERNANCE_PAGE,
    MATRIX,
    ROLES,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db

FUZZ = fuzz_settings(12)
LIVE_MARKUP = ["<script>alert", "<img src=x", "<svg onload"]


def who_fills_in(name):
    """The person whose job the form is: the allocated worker, else the manager, else admin."""
    statuses = MATRIX[name][1]
    if statuses == GOVERNANCE_PAGE:
        return "admin"
    for role, username in [("allocated", "sam"), ("manager", "morgan"), ("partner", "pat")]:
        if statuses[ROLES.index(role)] == 200:
            return username
    return None


FORM_PAGES = sorted(
    name
    for name, (_, get_statuses, _) in MATRIX.items()
    if 200 in get_statuses and who_fills_in(name) and name not in {"backup_codes"}
)


def answer(field, text, known):
    """What a person would put in this field, with `text` in every free-text box."""
    name, kind = field["name"], field["kind"]
    if kind in {"hidden", "submit"}:
        return field["value"]
    if kind == "select":
        return next((value for value in field["options"] if value), "")
    if kind == "email" or name.endswith("email"):
        return "someone@example.org"
    if kind == "tel" or name.endswith("phone"):
        return "0161 496 0000"
    if is_date_part(name):
        year = "2030" if name.startswith(("review", "valid_until")) else "2026"
        return {"0": "2", "1": "11", "2": year}[name[-1]]
    if name in known:
        return known[name]
    if kind == "number" or field.get("inputmode") == "numeric":
        return "5"
    if name == "time":
        return "10:30"
    return text


def is_date_part(name):
    """GOV.UK date inputs are three boxes: day (_0), month (_1) and year (_2)."""
    return re.search(r"_[012]$", name) is not None


def submission(form, text, known):
    data = {}
    for field in form["fields"]:
        if field["kind"] in {"checkbox"}:
            continue
        if field["kind"] == "radio":
            if field["value"]:
                data.setdefault(field["name"], field["value"])
            continue
        data[field["name"]] = answer(field, text, known)
    return data


def free_text_fields(form):
    return [
        field["name"]
        for field in form["fields"]
        if field["kind"] in {"text", "textarea", "search", "password"}
        and field.get("inputmode") != "numeric"
        and not is_date_part(field["name"])
        and field["name"] not in {"time", "reference"}
        and not field["name"].endswith(("email", "phone"))
    ]


def saved_anywhere(value):
    """Is `value` in any text column of the service's own tables?"""
    for model in apps.get_models():
        if model._meta.app_label not in {"cases", "assessments", "plans", "meetings"}:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and model._default_manager.filter(**{field.name: value}).exists()
            ):
                return True
    return False


def assert_no_live_markup(html, text):
    for marker in LIVE_MARKUP:
        if marker in text:
            assert marker not in html


def check_form(client, page_url, form, text, known):
    fields = free_text_fields(form)
    if not fields:
        return
    data = submission(form, text, known)
    target = form["action"] or page_url
    if form["method"] == "get":
        response = client.get(target, data)
        assert response.status_code == 200
        assert_no_live_markup(response.content.decode(), text)
        return

    response = client.post(target, data)

    assert response.status_code in {200, 302}, (page_url, response.status_code)
    if response.status_code == 302:
        follow = client.get(response["Location"])
        assert follow.status_code == 200
        assert_no_live_markup(follow.content.decode(), text)
        assert saved_anywhere(text.strip()), (page_url, text)
        return True
    else:
        html = response.content.decode()
        assert_no_live_markup(html, text)
        assert "There is a problem" in html or escape(text) in html
        assert escape(text) in html, (page_url, "what was typed is not in the form")


@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_takes_hostile_text_without_breaking_or_losing_it(client, request, name):
    objects, users = request.getfixturevalue("world")
    user = who_fills_in(name)
    client.force_login(AdminFactory() if user == "admin" else users[user])
    page_url = url_for(name, objects)
    # Boxes that look a record up rather than take free text.
    known = {"reference": Case.objects.get(pk=objects["case"]).reference}

    saved = []

    @FUZZ
    @given(text=hostile_text())
    def fill_in_every_form(text):
        page = client.get(page_url)
        if saved and page.status_code in {302, 403, 404}:
            return  # a one-off action (sending back, closing) that an earlier example did
        assert page.status_code == 200
        if not page["Content-Type"].startswith("text/html"):
            return  # the PDF: its hostile text is tested in tests/assessments/test_plan_pdf.py
        for form in forms_on(page.content.decode()):
            saved.append(check_form(client, page_url, form, text, known))

    fill_in_every_form()


@FUZZ
@given(text=hostile_text())
def test_the_sign_in_form_takes_hostile_text(client, sam, settings, text):
    settings.AXES_ENABLED = False

    response = client.post(reverse("login"), {"username": text, "password": text})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert_no_live_markup(html, text)
    if "\x00" not in text and len(text) <= 150:
        assert escape(text) in html


@FUZZ
@given(text=hostile_text())
def test_the_security_code_steps_take_hostile_text(client, sam, text):
    client.force_login(sam, second_factor=False)

    for step in ["setup_code", "second_factor"]:
        response = client.post(reverse(step), {"code": text})
        if response.status_code == 302:
            response = client.get(response["Location"])
        html = response.content.decode()
        assert response.status_code == 200
        assert_no_live_markup(html, text)


def test_too_long_and_nul_say_what_to_do(client, sam, reid_case):
    client.force_login(sam)
    url = reverse("network_add", kwargs={"pk": reid_case.pk})
    data = {
        "first_name": "Marcus",
        "last_name": "Reid",
        "agreed_to_do": "Rings Sam.",
        "joined_on_0": "6",
        "joined_on_1": "10",
        "joined_on_2": "2026",
    }

    too_long = client.post(url, {**data, "relationship": "Uncle " * 30}).content.decode()
    with_nul = client.post(url, {**data, "relationship": "Un\x00cle"}).content.decode()

    assert "Who they are to the children must be 100 characters or fewer. It has 179." in too_long
    assert "has a hidden character (NUL) in it" in with_nul
