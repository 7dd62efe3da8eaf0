"""The data officer's returns page: check the children in need census with the Department for
Education's rules (in the background: returns/tasks.py), download it, and download Ofsted's
Annex A lists. Every check and download is recorded (ReturnRun) and logged."""

import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from codesets import cin_census
from returns import access
from returns.annex_a import write_annex_a
from returns.cin_census import build_census
from returns.coded_record import coded_record
from returns.models import ReturnRun
from returns.tasks import (
    give_up_stalled_checks,
    is_waiting_too_long,
    queue_census_check,
    shown_failures,
)

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
    give_up_stalled_checks()
    return _page(request)


@require_POST
@access.data_officer_required
def census_check(request):
    """Check the census with the Department's rules: queued for the worker, as the validator can
    take longer than a web request may, then its page (returns/tasks.py)."""
    year = cin_census.SPECIFICATION_YEAR
    run = queue_census_check(year=year, by=request.user)
    access.log_return(request, f"checked the children in need census {year}")
    return redirect("returns_census_check_result", pk=run.pk)


@require_GET
@access.data_officer_required
def census_check_result(request, pk):
    """A census check: "checking" while it runs, then what it found, kept to be read again.
    It holds codes and references, never names, so any data officer may read any check."""
    give_up_stalled_checks()
    run = get_object_or_404(
        ReturnRun.objects.select_related("run_by"), pk=pk, kind=ReturnRun.Kind.CENSUS_CHECK
    )
    context = {"run": run, "waited_too_long": is_waiting_too_long(run)}
    if "check" in request.GET:
        # What the page asks every few seconds while it waits.
        return JsonResponse(
            {"finished": run.is_finished, "waited_too_long": context["waited_too_long"]}
        )
    if run.status == ReturnRun.Status.DONE and run.results is not None:
        context.update(
            errors=shown_failures(run.results["errors"]),
            queries=shown_failures(run.results["queries"]),
            crashed_rules=run.results["crashed_rules"],
        )
    return render(request, "returns/census_check.html", context)


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
