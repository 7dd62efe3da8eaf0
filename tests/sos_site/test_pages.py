"""Every page shares the GOV.UK layout: skip link, header, role navigation, phase banner, footer."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import parse_http_date

from sos_site.middleware import no_store_when_signed_in
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_the_layout_has_a_skip_link_service_name_phase_banner_and_footer(client, sam):
    client.force_login(sam)

    html = client.get(reverse("home")).content.decode()

    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert "govuk-header__link--homepage" in html
    assert ">Signs of Safety</a>" in html
    assert "govuk-phase-banner" in html
    assert "OFFICIAL-SENSITIVE" in html
    assert "govuk-footer" in html


def test_the_layout_has_no_crown_and_no_gds_transport_font(client, sam):
    client.force_login(sam)

    html = client.get(reverse("home")).content.decode()

    assert "govuk-logo" not in html
    assert "GOV.UK" not in html
    css = (PROJECT_DIR / "static" / "css" / "sos.css").read_text()
    assert "GDS Transport" not in css
    assert "system-ui" in css


@pytest.mark.parametrize(
    ("username", "links"),
    [
        ("sam", ["My caseload", "Record a referral", "Search"]),
        ("morgan", ["Team caseload", "Referrals", "Search"]),
        ("pat", ["Your invited cases"]),
    ],
)
def test_navigation_depends_on_role(client, request, username, links):
    user = request.getfixturevalue(username)
    client.force_login(user)

    response = client.get(reverse("home"))

    assert [label for label, _url in response.context["navigation"]] == links
    assert response.context["navigation"][0][1] == reverse("home")


def test_administrators_get_a_link_to_the_admin_site(client):
    client.force_login(AdminFactory())

    response = client.get(reverse("home"))

    assert ("Administration", reverse("admin:index")) in response.context["navigation"]


def test_signed_out_visitors_get_no_navigation(client):
    response = client.get(reverse("login"))

    assert response.context["navigation"] == []
    assert "Sign out" not in response.content.decode()


def test_pages_for_signed_in_users_are_never_stored(client, sam):
    client.force_login(sam)

    response = client.get(reverse("home"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "own_headers",
    [{}, {"Cache-Control": "public, max-age=3600"}, {"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}],
)
def test_never_stored_is_what_django_would_write_and_overrides_a_view(rf, sam, own_headers):
    def view(request):
        return HttpResponse(headers=own_headers)

    request = rf.get("/")
    request.user = sam
    response = no_store_when_signed_in(view)(request)

    expected = add_never_cache_headers_to(HttpResponse(headers=own_headers))
    assert response["Cache-Control"] == expected["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert parse_http_date(response["Expires"]) == pytest.approx(
        parse_http_date(expected["Expires"]), abs=2
    )


def add_never_cache_headers_to(response):
    add_never_cache_headers(response)
    return response


def test_the_one_inline_script_carries_the_nonce_from_the_policy(client):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_not_found_uses_the_service_layout(client, sam):
    client.force_login(sam)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-header" in response.content.decode()


@pytest.mark.urls("tests.sos_site.error_urls")
def test_forbidden_uses_the_service_layout(client, sam):
    client.force_login(sam)

    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


@pytest.mark.urls("tests.sos_site.error_urls")
def test_a_server_error_shows_a_plain_page_without_details(client, sam):
    client.raise_request_exception = False
    client.force_login(sam)

    response = client.get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "a bug in a view" not in html
    assert "Traceback" not in html


def test_the_admin_site_is_not_at_the_default_path(client, settings):
    assert client.get("/admin/").status_code == 404
    response = client.get(f"/{settings.ADMIN_PATH}")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
