"""The printed plan, read back with poppler: every section, tagging, fonts, hostile text."""

import re
import string
import subprocess
import zlib

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import ThreeHouses
from plans import pdf as plan_pdf
from plans.models import PlanPdf, PlanRule, SafetyPlan
from tests.hostile import MARKUP, fuzz_settings

pytestmark = pytest.mark.django_db

HOSTILE = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    '<img src="http://169.254.169.254/latest/meta-data/">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/passwd">',
    "<style>@import url(http://169.254.169.254/);</style>",
]


def run(command, data, tmp_path, *after):
    """Run a poppler tool on the PDF and return what it printed."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    completed = subprocess.run(
        [*command, str(path), *after], capture_output=True, text=True, check=True
    )
    return completed.stdout


def text_of(data, tmp_path):
    """The PDF's words in the order they were drawn, with line breaks folded to spaces."""
    return " ".join(run(["pdftotext", "-raw", "-enc", "UTF-8"], data, tmp_path, "-").split())


def pdf_objects(data):
    """The PDF's objects as bytes, with compressed streams opened up.

    A stream whose compressed bytes happen to end in a carriage return loses it to the pattern
    (the line end before `endstream` may be CR LF), so streams are opened leniently: a
    decompressor object gives what it can without checking the stream's last bytes."""
    chunks = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(chunks)


@pytest.fixture
def full_plan(network_member, approved_plan):
    """An approved plan, approved once the safety network was in place."""
    return approved_plan


@pytest.fixture
def leo_words(reid_case, sam):
    return ThreeHouses.objects.create(
        case=reid_case,
        child=reid_case.children.get(),
        house_of_worries="When Daddy shouts.",
        house_of_good_things="Nanny Sandra's house.",
        house_of_dreams="A dog called Biscuit.",
        recorded_on=reid_case.opened_on,
        recorded_by=sam,
    )


def download(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_every_section_of_the_plan_is_in_the_pdf(
    client, sam, morgan, reid_case, network_member, leo_words, plan, rule, tmp_path
):
    plan.worry_signs = "Daniel rings Chloe late at night."
    plan.who_to_call = "Sandra Reid on 07700 900 111."
    plan.what_each_person_will_do = "Chloe takes the children to Sandra's."
    plan.save()
    plan.submit(by=sam)
    plan.approve(by=morgan)

    data = download(client, sam, plan)
    text = text_of(data, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo"], data, tmp_path)).group(1))

    leo = reid_case.children.get()
    assert f"Safety plan for {leo.full_name}" in text
    assert f"{reid_case.reference} · Version 1, approved {plan.decided_at:%-d %B %Y}" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Daniel only sees Leo at Sandra's house, when he is sober." in text
    assert "Sandra tells Sam after every visit." in text
    assert "Daniel rings Chloe late at night." in text
    assert "Sandra Reid on 07700 900 111." in text
    assert "Chloe takes the children to Sandra's." in text
    assert "Visits every evening at bath time." in text  # the safety network
    assert "“When Daddy shouts.”" in text
    assert "“A dog called Biscuit.”" in text
    assert re.search(r"Printed \d+ \w+ \d{4} at \d\d:\d\d by Sam Okafor", text)
    assert "DRAFT" not in text
    assert "SUPERSEDED" not in text


def test_the_pdf_is_tagged_titled_a4_with_embedded_fonts(client, sam, full_plan, tmp_path):
    data = download(client, sam, full_plan)

    info = run(["pdfinfo"], data, tmp_path)
    fonts = run(["pdffonts"], data, tmp_path).splitlines()[2:]
    assert "Tagged:          yes" in info
    assert (
        f"Title:           Safety plan for Leo Reid, {full_plan.case.reference}, version 1" in info
    )
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "PDF version:     1.7" in info
    assert fonts, "the PDF should use at least one font"
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert re.search(rb"/Lang \(en(-|\\055)GB\)", pdf_objects(data))  # "-" may be escaped
    assert 'pdfuaid:part="1"' in run(["pdfinfo", "-meta"], data, tmp_path)


def test_a_draft_says_draft_and_an_old_version_says_superseded(
    client, sam, morgan, full_plan, tmp_path
):
    draft = full_plan.start_new_version(by=sam)
    assert "DRAFT" in text_of(download(client, sam, draft), tmp_path)

    draft.submit(by=sam)
    draft.approve(by=morgan)
    assert "SUPERSEDED" in text_of(download(client, sam, full_plan), tmp_path)
    current = text_of(download(client, sam, draft), tmp_path)
    assert "SUPERSEDED" not in current
    assert "DRAFT" not in current


def test_a_confidential_address_is_never_printed(client, sam, morgan, chloe, plan, rule, tmp_path):
    chloe.person.address = "Flat 9, Hidden Refuge Road"
    chloe.person.address_is_confidential = True
    chloe.person.save()
    plan.submit(by=sam)
    plan.approve(by=morgan)

    assert "Hidden Refuge Road" not in text_of(download(client, sam, plan), tmp_path)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_a_plan_fetches_and_embeds_nothing(sam, morgan, plan, hostile, tmp_path):
    PlanRule.objects.create(
        plan=plan, what_will_happen=hostile, professional=hostile, how_we_will_know=hostile
    )
    plan.worry_signs = plan.who_to_call = plan.what_each_person_will_do = hostile
    plan.save()
    fetcher = plan_pdf.StaticFilesOnlyFetcher()
    fetched = []
    original_fetch = fetcher.fetch

    def recording_fetch(url, headers=None):
        fetched.append(url)
        return original_fetch(url, headers)

    fetcher.fetch = recording_fetch

    data, _pages = plan_pdf.render_plan_pdf(plan, fetcher=fetcher)

    # The only thing the renderer asked for was the print stylesheet.
    assert fetched == ["https://plan.invalid/static/plans/print.css"]
    assert fetcher.refused == []
    assert "Embedded files" not in run(["pdfinfo"], data, tmp_path)
    assert run(["pdfdetach", "-list"], data, tmp_path).startswith("0 embedded files")
    assert len(run(["pdfimages", "-list"], data, tmp_path).splitlines()) == 2  # header lines only
    text = text_of(data, tmp_path)
    assert "root:" not in text  # nothing from /etc/passwd
    assert " ".join(hostile.split())[:20] in text  # the words print as words


def test_the_fetcher_refuses_anything_but_static_files():
    fetcher = plan_pdf.StaticFilesOnlyFetcher()

    for url in [
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "https://plan.invalid/media/plans/other.pdf",
        "https://plan.invalid/static/../../etc/passwd",
        "data:text/plain,hello",
        "https://example.org/static/plans/print.css",
    ]:
        with pytest.raises(ValueError, match="Blocked|No such static file"):
            fetcher.fetch(url)
    assert fetcher.fetch("https://plan.invalid/static/plans/print.css").read().startswith(b"/*")


def test_the_same_text_is_escaped_on_screen(client, sam, plan):
    PlanRule.objects.create(
        plan=plan,
        what_will_happen='<img src="x" onerror="alert(1)">',
        professional="Sam",
        how_we_will_know="<script>alert(2)</script>",
    )
    client.force_login(sam)

    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()

    assert "&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert '<img src="x"' not in html


def test_each_download_names_its_downloader_and_the_plan_is_rendered_once(
    client, sam, pat, pat_grant, network_member, full_plan, monkeypatch, tmp_path
):
    renders = []
    real_render = plan_pdf.render_plan_pdf

    def counting_render(*args, **kwargs):
        renders.append(args[0].pk)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(plan_pdf, "render_plan_pdf", counting_render)

    sams = text_of(download(client, sam, full_plan), tmp_path)
    network_member.agreed_to_do = "Something new after approval."
    network_member.save()
    pats = text_of(download(client, pat, SafetyPlan.objects.get(pk=full_plan.pk)), tmp_path)

    assert renders == [full_plan.pk]
    assert PlanPdf.objects.filter(plan=full_plan).count() == 1
    assert re.search(r"Printed \d+ \w+ \d{4} at \d\d:\d\d by Sam Okafor\.", sams)
    assert re.search(r"Printed \d+ \w+ \d{4} at \d\d:\d\d by Pat Lindqvist\.", pats)
    assert "Pat Lindqvist" not in sams
    assert "Sam Okafor." not in pats
    assert "Something new after approval." not in pats


def test_names_beyond_western_european_letters_print_as_written(
    client, pat, pat_grant, full_plan, tmp_path
):
    pat.first_name, pat.last_name = "Łucja Ștefania", "Dąbrowska-Иванова"
    pat.save()

    text = text_of(download(client, pat, full_plan), tmp_path)

    assert "by Łucja Ștefania Dąbrowska-Иванова." in text


def test_the_text_reads_the_plan_first_and_the_running_header_and_footer_after_it(
    client, sam, full_plan, tmp_path
):
    data = download(client, sam, full_plan)
    text = text_of(data, tmp_path)

    reference = full_plan.case.reference
    approved = f"{full_plan.decided_at:%-d %B %Y}"
    assert text.startswith(
        f"{reference} · Version 1 · Approved {approved} Safety plan for Leo Reid"
    )
    page_one = text.index("Page 1 of")
    assert text.index("Daniel only sees Leo at Sandra's house") < page_one
    assert text.index("OFFICIAL-SENSITIVE") > text.index("Safety plan for Leo Reid")
    assert text.index(f"Leo Reid · {reference} · Version 1, approved {approved}") < page_one
    # The stamp is an artifact: no part of the tagged structure that screen readers follow.
    assert pdf_objects(data).count(b"/Artifact BMC") == int(
        re.search(r"Pages:\s+(\d+)", run(["pdfinfo"], data, tmp_path)).group(1)
    )


def test_with_collected_static_files_the_pdf_has_its_stylesheet(
    client, sam, full_plan, settings, tmp_path
):
    """As in production: {% static %} gives the manifest's hashed name, which only the
    collected files hold."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    text = text_of(download(client, sam, full_plan), tmp_path)

    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    assert "Rules and actions in the plan" not in text  # the stylesheet hides the table caption


def test_a_stylesheet_that_cannot_be_loaded_fails_the_render_and_is_logged(
    sam, plan, settings, tmp_path, caplog
):
    settings.STATICFILES_FINDERS = []
    settings.STATIC_ROOT = tmp_path / "empty"

    with pytest.raises(plan_pdf.PdfRenderError, match="plans/print.css"):
        plan_pdf.render_plan_pdf(plan)

    errors = [r for r in caplog.records if r.levelname == "ERROR" and r.name == "plans.pdf"]
    assert len(errors) == 1
    assert "https://plan.invalid/static/plans/print.css" in errors[0].getMessage()
    assert not PlanPdf.objects.exists()


def test_editing_a_draft_renders_a_fresh_pdf(client, sam, plan, rule, tmp_path):
    assert "Sandra tells Sam after every visit." in text_of(download(client, sam, plan), tmp_path)

    rule.how_we_will_know = "Sandra phones Sam every Friday."
    rule.save()
    plan.worry_signs = "New signs."
    plan.save_checked(expected_revision=plan.revision, by=sam)

    assert "Sandra phones Sam every Friday." in text_of(
        download(client, sam, SafetyPlan.objects.get(pk=plan.pk)), tmp_path
    )
    assert PlanPdf.objects.filter(plan=plan).count() == 2


@fuzz_settings(8)
@given(
    text=st.builds(
        lambda before, markup, after: f"{before} {markup} {after}",
        st.text(string.ascii_letters, min_size=1, max_size=12),
        st.sampled_from(MARKUP),
        st.text(string.ascii_letters, min_size=1, max_size=12),
    )
)
def test_generated_hostile_text_prints_as_words_and_does_nothing(sam, plan, tmp_path, text):
    PlanRule.objects.all().delete()
    PlanRule.objects.create(
        plan=plan, what_will_happen=text, professional="Sam", how_we_will_know=text
    )
    plan.worry_signs = text
    plan.save()

    data, _pages = plan_pdf.render_plan_pdf(plan)

    assert " ".join(text.split()) in text_of(data, tmp_path)
    objects = pdf_objects(data)
    for action in [b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"/URI", b"/EmbeddedFile"]:
        assert action not in objects
