"""Every error says what is wrong and how to fix it, as the GOV.UK Design System writes them.

Every form in the product is posted empty and with wrong answers (words in number boxes, 99 for
a score, 32/13 for a date, an option that is not offered). Whatever comes back, no message is one
of Django's generic ones ("This field is required."), and no two links in the error summary read
the same, so each one tells the person which answer to fix.
"""

import html
import re

import pytest
from django import forms
from django.core import validators
from django.forms.formsets import BaseFormSet
from django.test.utils import ContextList

from sos_site.forms import GDSDateField, GDSFormMixin
from tests.factories import AdminFactory
from tests.hostile import forms_on
from tests.sos_site.test_fuzz_forms import is_date_part, who_fills_in
from tests.test_access_matrix import (  # noqa: F401 (world is a fixture)
    MATRIX,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db

FIELD_CLASSES = [
    forms.Field,
    forms.CharField,
    forms.IntegerField,
    forms.FloatField,
    forms.DecimalField,
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.EmailField,
    forms.BooleanField,
    forms.ChoiceField,
    forms.TypedChoiceField,
    forms.MultipleChoiceField,
    forms.ModelChoiceField,
    forms.ModelMultipleChoiceField,
    forms.MultiValueField,
    forms.URLField,
]
VALIDATOR_CLASSES = [
    validators.MinValueValidator,
    validators.MaxValueValidator,
    validators.MinLengthValidator,
    validators.MaxLengthValidator,
    validators.ProhibitNullCharactersValidator,
]


def as_pattern(message):
    """A Django message as a pattern: each %(name)s or %(name)d placeholder matches anything."""
    parts = re.split(r"%\(\w+\)[sd]", str(message))
    return ".+?".join(re.escape(part) for part in parts)


GENERIC_MESSAGES = sorted(
    {str(m) for cls in FIELD_CLASSES for m in cls.default_error_messages.values()}
    | {str(cls.message) for cls in VALIDATOR_CLASSES}
)
GENERIC = re.compile(
    "|".join(
        as_pattern(message)
        for message in GENERIC_MESSAGES
        # A message that is only a placeholder would match any text at all.
        if re.sub(r"%\(\w+\)[sd]", "", message).strip()
    )
)


def generic_messages_in(text):
    return [match.group(0) for match in GENERIC.finditer(text)]


SUMMARY = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
SUMMARY_LINK = re.compile(r"<a [^>]*>(.*?)</a>", re.S)


def summary_links(page):
    return [
        " ".join(html.unescape(text).split())
        for summary in SUMMARY.findall(page)
        for text in SUMMARY_LINK.findall(summary)
    ]


def forms_in(context):
    """Every form and formset the page was given, forms inside formsets too."""
    found = []
    # A page drawn from several templates has a list of contexts, one for each.
    contexts = context if isinstance(context, ContextList) else [context]
    values = [value for each in contexts for value in each.flatten().values()]
    for value in values:
        if isinstance(value, forms.BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet):
            found.append(value)
            found.extend(value.forms)
    return found


def errors_of(form):
    if isinstance(form, BaseFormSet):
        return [str(error) for error in form.non_form_errors()]
    return [str(error) for errors in form.errors.values() for error in errors]


# Pages that show a form and show it again when what is posted is wrong.
FORM_PAGES = sorted(
    name
    for name, (_, get_statuses, post_statuses) in MATRIX.items()
    if 200 in get_statuses and 200 in post_statuses and who_fills_in(name)
)


def wrong_answer(field, way):
    """What a careless person might put in this field; `way` says how it is wrong."""
    name, kind = field["name"], field["kind"]
    if kind in {"hidden", "submit"}:
        return field["value"]
    if way == "empty":
        return ""
    if is_date_part(name):
        return {"0": "32", "1": "13", "2": "2026"}[name[-1]]
    if kind in {"select", "radio", "checkbox"}:
        return "not-an-option"
    if kind == "number" or field.get("inputmode") == "numeric":
        return "99" if way == "too_big" else "lots"
    return ""


def submission(form, way):
    data = {}
    for field in form["fields"]:
        if field["kind"] == "checkbox" and way == "empty":
            continue
        data.setdefault(field["name"], wrong_answer(field, way))
    return data


@pytest.mark.parametrize("way", ["empty", "wrong", "too_big"])
@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_names_what_is_wrong_and_how_to_fix_it(client, request, name, way):
    objects, users = request.getfixturevalue("world")
    user = who_fills_in(name)
    client.force_login(AdminFactory() if user == "admin" else users[user])
    page_url = url_for(name, objects)
    page = client.get(page_url)
    assert page.status_code == 200
    posted = [form for form in forms_on(page.content.decode()) if form["method"] == "post"]
    assert posted, f"{name} answers 200 to a POST but shows no form to post"

    for form in posted:
        response = client.post(form["action"] or page_url, submission(form, way))

        assert response.status_code != 500, (name, form["action"])
        if response.status_code != 200:
            continue
        shown = html.unescape(response.content.decode())
        assert generic_messages_in(shown) == [], (name, way)
        for context_form in forms_in(response.context):
            assert generic_messages_in(" ".join(errors_of(context_form))) == [], (name, way)
        links = summary_links(response.content.decode())
        assert len(links) == len(set(links)), (name, way, links)


def test_the_walk_posts_to_every_page_that_takes_a_form():
    assert {"case_open", "network_add", "scaling_add", "meeting_scaling_round", "plan_edit"} <= set(
        FORM_PAGES
    )


class ImpactForm(GDSFormMixin, forms.Form):
    impact = forms.CharField(label="Impact on the child")
    notes = forms.CharField(label="Notes", required=False)
    score = forms.IntegerField(label="Score", min_value=0, max_value=10)
    who = forms.ChoiceField(label="Who they are", choices=[("mum", "Mum"), ("dad", "Dad")])
    agreed = forms.BooleanField(label="The family agreed", required=False)
    kept = forms.CharField(label="Kept", error_messages={"required": "Enter what was kept"})


class PlainForm(forms.Form):
    impact = forms.CharField(label="Impact on the child")


def test_the_mixin_words_messages_from_each_label():
    form = ImpactForm({"score": "lots", "who": "gran"})

    assert form.errors == {
        "impact": ["Enter impact on the child"],
        "score": ["Score must be a whole number, like 6"],
        "who": ["Select one of the options for who they are"],
        "kept": ["Enter what was kept"],
    }


def test_the_mixin_names_the_range_of_a_number():
    assert ImpactForm({"score": "99"}).errors["score"] == ["Score must be between 0 and 10"]
    assert ImpactForm({"score": "-1"}).errors["score"] == ["Score must be between 0 and 10"]


def test_an_empty_choice_asks_the_person_to_select_one():
    assert ImpactForm({}).errors["who"] == ["Select who they are"]


def test_optional_fields_say_so_and_a_single_checkbox_does_not():
    form = ImpactForm()

    assert form.fields["notes"].label == "Notes (optional)"
    assert form.fields["impact"].label == "Impact on the child"
    assert form.fields["agreed"].label == "The family agreed"


def test_a_label_already_marked_optional_is_not_marked_twice():
    class MarkedForm(GDSFormMixin, forms.Form):
        notes = forms.CharField(label="Notes (optional)", required=False)

    assert MarkedForm().fields["notes"].label == "Notes (optional)"


def test_the_detector_flags_a_form_without_the_mixin():
    errors = errors_of(PlainForm({}))

    assert errors == ["This field is required."]
    assert generic_messages_in(" ".join(errors)) == ["This field is required."]


def test_the_detector_matches_messages_with_a_value_in_them():
    form = forms.Form()
    form.fields["who"] = forms.ChoiceField(choices=[("mum", "Mum")])
    form.data, form.is_bound = {"who": "gran"}, True

    assert generic_messages_in(" ".join(errors_of(form))) == [
        "Select a valid choice. gran is not one of the available choices."
    ]


def test_the_summary_reader_finds_repeated_links():
    page = (
        '<ul class="govuk-list govuk-error-summary__list">'
        '<li><a href="#a">Enter the date</a></li><li><a href="#b">Enter the date</a></li></ul>'
    )

    assert summary_links(page) == ["Enter the date", "Enter the date"]


class ClosingForm(GDSFormMixin, forms.Form):
    closed_on = GDSDateField(label="Date closed")
    review = GDSDateField(label="By when", required=False)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["", "", ""], "Enter the date closed"),
        (["32", "13", "2026"], "The date closed must be a real date, for example 27 3 2019"),
        (["3", "", "2026"], "The date closed must include a month"),
        (["3", "x", "2026"], "The date closed must be a real date"),
        (["3", "1", "1850"], "The date closed must be on or after 1 January 1900"),
    ],
)
def test_a_date_input_names_its_date_in_every_message(parts, message):
    data = {f"closed_on_{i}": part for i, part in enumerate(parts)}

    assert ClosingForm(data).errors["closed_on"] == [message]


def test_a_date_whose_label_is_not_a_name_is_called_the_date():
    form = ClosingForm({"review_0": "30", "review_1": "2", "review_2": "2026"})

    assert form.fields["review"].label == "By when (optional)"
    assert form.errors["review"] == ["The date must be a real date, for example 27 3 2019"]


def test_a_field_made_required_after_the_mixin_loses_the_optional_mark():
    form = ImpactForm()
    form.fields["notes"].required = True
    form.fields["impact"].required = False

    assert form["notes"].label == "Notes"
    assert form["impact"].label == "Impact on the child (optional)"
