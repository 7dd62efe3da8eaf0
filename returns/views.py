"""The data officer's returns page: check the children in need census with the Department for
Education's rules, download it, and download Ofsted's Annex A lists. Every check and download is
recorded (ReturnRun) and logged."""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from codesets import cin_census
from returns import access
from returns.annex_a import write_annex_a
from returns.checks import ValidatorUnavailable, check_census
from returns.cin_census import build_census
from returns.coded_record import coded_record
from returns.models import ReturnRun
from returns.plain_words import item_words

RECENT_RUNS = 10


def _page(request, **context):
    year = cin_census.SPECIFICATION_YEAR
    context.setdefault("runs", ReturnRun.objects.select_related("run_by")[:RECENT_RUNS])
    context.update(
        year=year,
        collection_start=cin_census.collection_start(year),
        reference_date=cin_census.reference_date(year),
    )
    return render(request, "returns/home.html", context)


@require_GET
@access.data_officer_required
def returns_home(request):
    return _page(request)


@require_POST
@access.data_officer_required
def census_check(request):
    """Build the census from the records and run the validator on it, there and then."""
    year = cin_census.SPECIFICATION_YEAR
    export = build_census(year)
    try:
        result = check_census(export.xml)
    except ValidatorUnavailable as missing:
        return _page(request, validator_missing=str(missing))
    errors, queries = _failures(export, result.errors), _failures(export, result.queries)
    run = ReturnRun.objects.create(
        kind=ReturnRun.Kind.CENSUS_CHECK,
        year=year,
        run_by=request.user,
        children=export.children,
        errors=len(errors),
        queries=len(queries),
    )
    access.log_return(request, f"checked the children in need census {year}")
    return _page(
        request,
        check=run,
        errors=errors,
        queries=queries,
        crashed_rules=result.crashed_rules,
    )


def _failures(export, failures):
    """Each rule broken for each child once, naming every item it found wrong, in plain words,
    with the case to fix it on."""
    found = {}
    for failure in failures:
        key = (failure.rule_code, failure.la_child_id)
        if key in found:
            found[key]["items"].append(item_words(failure.field))
            continue
        found[key] = _failure(export, failure)
    for row in found.values():
        row["items"] = ", ".join(dict.fromkeys(item for item in row["items"] if item))
    return list(found.values())


def _failure(export, failure):
    case = export.cases.get(failure.la_child_id)
    return {
        "referral": export.referrals.get(failure.la_child_id),
        "rule": failure.rule_code,
        "message": failure.message,
        "items": [item_words(failure.field)],
        "child": failure.la_child_id,
        "case": case,
        "link": (
            reverse("returns_coded_record", args=[case.pk])
            if case is not None and not case.restricted
            else ""
        ),
    }


@require_GET
@access.data_officer_required
def census_download(request):
    year = cin_census.SPECIFICATION_YEAR
    export = build_census(year)
    ReturnRun.objects.create(
        kind=ReturnRun.Kind.CENSUS_DOWNLOAD,
        year=year,
        run_by=request.user,
        children=export.children,
    )
    access.log_return(request, f"downloaded the children in need census {year}")
    response = HttpResponse(export.xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="cin-census-{year}.xml"'
    return response


@require_GET
@access.data_officer_required
def annex_a_download(request):
    today = timezone.localdate()
    buffer = io.BytesIO()
    write_annex_a(buffer, today=today)
    ReturnRun.objects.create(kind=ReturnRun.Kind.ANNEX_A_DOWNLOAD, run_by=request.user)
    access.log_return(request, "downloaded Ofsted's Annex A lists")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="annex-a-{today:%Y-%m-%d}.xlsx"'
    return response


@require_GET
@access.data_officer_required
def coded_record_page(request, pk):
    """What the returns hold about one case, and who holds it: codes and dates, no notes."""
    case = access.get_coded_case(request, pk)
    return render(request, "returns/coded_record.html", {"case": case, **coded_record(case)})
