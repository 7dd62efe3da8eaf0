"""The data officer's returns page: the census checked by the Department's rules (here inline, as
on SQLite; tests/returns/test_background_checks.py runs the queue), each failure in plain words
with the case to fix it on, kept on the check's own page, the downloads, and a record of who ran
what. Other roles are refused (tests/test_access_matrix.py has every status)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from cases.models import AccessLogEntry
from returns.models import ReturnRun
from tests.factories import DataOfficerFactory

pytestmark = pytest.mark.django_db


def test_the_data_officer_finds_the_returns_from_home(client, devi):
    client.force_login(devi)

    home = client.get(reverse("home")).content.decode()

    assert reverse("returns") in home
    assert "My caseload" not in home
    page = client.get(reverse("returns")).content.decode()
    assert "Children in need census 2026 to 2027" in page
    assert "31 March 2027" in page
    assert "Annex A" in page


def test_a_check_with_nothing_wrong_says_so_and_is_recorded(client, devi, coded_case):
    client.force_login(devi)

    response = client.post(reverse("returns_census_check"), follow=True)

    run = ReturnRun.objects.get()
    assert response.redirect_chain == [(reverse("returns_census_check_result", args=[run.pk]), 302)]
    page = response.content.decode()
    assert "No errors" in page, page
    assert "1 child checked" in page
    assert (run.kind, run.run_by, run.year, run.errors) == ("census_check", devi, 2027, 0)
    assert (run.status, run.children) == ("done", 1)
    assert run.finished_at is not None
    logged = AccessLogEntry.objects.get(action="checked the children in need census 2027")
    assert logged.user == devi
    assert logged.allowed


def test_each_failure_names_the_rule_and_links_to_the_case_to_fix(
    client, devi, coded_case, closed_without_reason
):
    client.force_login(devi)

    response = client.post(reverse("returns_census_check"), follow=True)

    page = response.content.decode()
    assert "1 error to fix" in page
    assert "8805" in page
    assert "A CIN case cannot have a CIN closure date without a Reason for Closure" in page
    assert "Date the case closed" in page or "Reason for closing" in page
    assert reverse("returns_coded_record", args=[closed_without_reason.pk]) in page
    assert reverse("returns_coded_record", args=[coded_case.pk]) not in page
    assert ReturnRun.objects.get().errors == 1


def test_the_results_are_kept_to_be_read_again_by_any_data_officer_and_hold_no_names(
    client, devi, coded_case, closed_without_reason
):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))
    run = ReturnRun.objects.get()
    client.force_login(DataOfficerFactory())

    page = client.get(reverse("returns_census_check_result", args=[run.pk])).content.decode()

    assert "1 error to fix" in page
    assert "8805" in page
    assert reverse("returns_coded_record", args=[closed_without_reason.pk]) in page
    (stored,) = run.results["errors"]
    assert stored["rule"] == "8805"
    assert stored["child"] == str(closed_without_reason.children.get().pk)
    assert stored["case"] == {
        "id": closed_without_reason.pk,
        "reference": closed_without_reason.reference,
        "restricted": False,
    }
    assert stored["referral"] is None
    stored_text = str(run.results)
    for person in [*coded_case.children.all(), *closed_without_reason.children.all()]:
        assert person.first_name not in stored_text
        assert person.last_name not in stored_text


def test_the_returns_page_links_each_check_to_its_results_with_its_status(client, devi, coded_case):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))
    run = ReturnRun.objects.get()

    page = client.get(reverse("returns")).content.decode()

    assert reverse("returns_census_check_result", args=[run.pk]) in page
    assert f"0 errors, {run.queries} " in page


def test_a_restricted_case_is_named_by_reference_only(client, devi, sam, closed_without_reason):
    closed_without_reason.refresh_from_db()
    closed_without_reason.restrict([sam], by=sam)
    client.force_login(devi)

    page = client.post(reverse("returns_census_check"), follow=True).content.decode()

    assert "8805" in page
    assert f"{closed_without_reason.reference} (restricted: ask its team manager)" in page
    assert reverse("returns_coded_record", args=[closed_without_reason.pk]) not in page


def test_a_case_restricted_after_the_check_loses_its_link_on_the_results(
    client, devi, sam, closed_without_reason
):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))
    run = ReturnRun.objects.get()
    closed_without_reason.refresh_from_db()
    closed_without_reason.restrict([sam], by=sam)

    page = client.get(reverse("returns_census_check_result", args=[run.pk])).content.decode()

    assert f"{closed_without_reason.reference} (restricted: ask its team manager)" in page
    assert reverse("returns_coded_record", args=[closed_without_reason.pk]) not in page


def test_the_census_downloads_as_xml_and_the_download_is_recorded(client, devi, coded_case):
    client.force_login(devi)

    response = client.get(reverse("returns_census_download"))

    assert response["Content-Type"] == "application/xml"
    assert 'filename="cin-census-2027.xml"' in response["Content-Disposition"]
    xml = response.content.decode()
    assert "<Collection>CIN</Collection>" in xml
    assert "Maya" not in xml
    assert "Osei" not in xml
    run = ReturnRun.objects.get()
    assert (run.kind, run.run_by, run.children) == ("census_download", devi, 1)
    assert AccessLogEntry.objects.filter(
        user=devi, action="downloaded the children in need census 2027"
    ).exists()


def test_annex_a_downloads_as_a_workbook(client, devi, coded_case):
    client.force_login(devi)

    response = client.get(reverse("returns_annex_a_download"))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 5
    assert ReturnRun.objects.get().kind == "annex_a_download"
    assert AccessLogEntry.objects.filter(
        user=devi, action="downloaded Ofsted's Annex A lists"
    ).exists()


def test_the_coded_page_shows_codes_and_who_to_ask_but_no_notes(client, devi, coded_case):
    coded_case.closure_reason = "Notes about the family that the returns never hold."
    coded_case.save()
    client.force_login(devi)

    page = client.get(reverse("returns_coded_record", args=[coded_case.pk])).content.decode()

    assert "Schools (2A)" in page or "School (2A)" in page
    assert "Abuse or neglect (N1)" in page
    assert "Black or Black British: African (BAFR)" in page
    assert "No disability (NONE)" in page
    assert "Sam Okafor" in page
    assert "Notes about the family" not in page
    assert "Maya" not in page
    assert AccessLogEntry.objects.filter(
        user=devi, case=coded_case, allowed=True, action__contains="coded fields"
    ).exists()


def test_a_restricted_case_has_no_coded_page_and_the_refusal_is_logged(
    client, devi, sam, coded_case
):
    coded_case.restrict([sam], by=sam)
    client.force_login(devi)

    response = client.get(reverse("returns_coded_record", args=[coded_case.pk]))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=devi, case=coded_case, allowed=False).exists()


def test_without_the_validator_the_check_fails_and_its_page_says_what_to_do(
    client, devi, coded_case, settings, tmp_path
):
    settings.CIN_VALIDATOR_PYTHON = str(tmp_path / "missing" / "python")
    client.force_login(devi)

    page = client.post(reverse("returns_census_check"), follow=True).content.decode()

    assert "The census could not be checked" in page
    assert "run make cin-validator" in page
    run = ReturnRun.objects.get()
    assert (run.status, run.errors, run.results) == ("failed", None, None)
    assert "run make cin-validator" in run.failure
    returns_page = client.get(reverse("returns")).content.decode()
    assert "Could not be checked" in returns_page
