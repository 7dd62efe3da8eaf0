import pytest
from django.template import engines
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django.urls.converters import IntConverter

from sos_site import paths
from sos_site.paths import path_to

KEYS = (0, 7, 12_345, 2**40)


def named_routes(patterns=None, namespace=""):
    """(name, number of keys) of every named page whose keys are all integers."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters
            only_ints = all(isinstance(each, IntConverter) for each in converters.values())
            if only_ints and entry.pattern.regex.groups == len(converters):
                yield f"{namespace}{entry.name}", len(converters)


def test_every_page_of_the_service_has_the_path_reverse_gives():
    routes = dict(named_routes())
    # The service's pages are here, with and without keys.
    assert routes["case_detail"] == 1
    assert routes["home"] == 0
    assert routes["admin:index"] == 0
    for name, count in routes.items():
        for key in KEYS:
            keys = (key,) * count
            assert path_to(name, *keys) == reverse(name, args=keys), name


@override_settings(ROOT_URLCONF="tests.sos_site.path_urls")
def test_keys_written_other_than_as_numbers_are_left_to_reverse():
    assert path_to("plain", 42) == "/cases/42/"
    assert path_to("twice", 3, 4) == "/twice/3/4/"
    # The stand-ins do not fit these routes, or are written with zeros in front.
    assert path_to("padded", 42) == reverse("padded", args=[42]) == "/padded/000042/"
    assert path_to("short", 42) == reverse("short", args=[42]) == "/short/42/"
    with pytest.raises(NoReverseMatch):
        path_to("short", 420)


def test_what_is_not_a_whole_number_is_left_to_reverse():
    assert path_to("case_detail", "12") == reverse("case_detail", args=["12"]) == "/cases/12/"
    for wrong in (-1, None, True):
        with pytest.raises(NoReverseMatch):
            path_to("case_detail", wrong)
    with pytest.raises(NoReverseMatch):
        path_to("no_such_page")


def test_a_path_is_reversed_once_then_filled_in(monkeypatch):
    assert path_to("case_detail", 1) == "/cases/1/"

    def refuse(*args, **kwargs):
        raise AssertionError("reversed again")

    monkeypatch.setattr(paths, "reverse", refuse)
    assert path_to("case_detail", 99) == "/cases/99/"


def test_a_site_under_a_prefix_has_its_prefix_in_every_path():
    assert path_to("case_detail", 5) == "/cases/5/"
    set_script_prefix("/council/")
    try:
        assert path_to("case_detail", 5) == reverse("case_detail", args=[5]) == "/council/cases/5/"
        assert path_to("home") == "/council/"
    finally:
        set_script_prefix("/")
    assert path_to("case_detail", 5) == "/cases/5/"


def test_the_tag_writes_what_the_url_tag_writes():
    render = engines["django"].from_string
    context = {"pk": 31}
    assert render("{% path 'case_detail' pk %}").render(context) == "/cases/31/"
    written = "{% path 'case_history' pk as link %}<a href='{{ link }}'>"
    assert render(written).render(context) == render(written.replace("path", "url", 1)).render(
        context
    )
