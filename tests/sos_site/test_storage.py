"""Production's static files: each URL is read from the manifest once per process."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "sos_site.storage.StaticFiles"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    # The storage that read the manifest, as a server starting after collectstatic has.
    settings.STORAGES = {**settings.STORAGES}
    return staticfiles_storage


def test_a_url_names_the_file_by_its_content_and_is_kept(collected):
    url = collected.url("css/sos.css")

    assert url.startswith("/static/css/sos.")
    assert url.endswith(".css")
    assert url != "/static/css/sos.css"
    # Once worked out, the URL no longer needs the manifest.
    collected.hashed_files.clear()
    assert collected.url("css/sos.css") == url


def test_a_file_missing_from_the_manifest_is_refused_every_time(collected):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            collected.url("css/not-there.css")


def test_the_base_page_links_the_collected_files(collected, client):
    page = client.get("/accounts/login/").content.decode()

    assert f'href="{collected.url("css/sos.css")}"' in page
    assert f'src="{collected.url("js/sos.js")}"' in page
