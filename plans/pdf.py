"""The printable plan: the same template as the screen, rendered by WeasyPrint.

Rendering is locked down. The URL fetcher refuses everything except this app's own static
files, so text in a plan can never make the renderer read a local file, call an internal
address or embed an attachment. A stylesheet or font it cannot load fails the render: an
unstyled plan would go out without its OFFICIAL-SENSITIVE marking. The output is tagged PDF/UA
with embedded fonts.

The body of each revision is rendered once and cached (PlanPdf). Each download is then stamped
with its running header and footer, which say who printed it and when (plans.stamp).

The printed meeting minutes are made the same way: render_pdf, cached_render, stored_render and
stamped_copy are the parts that do not know what they print.
"""

import io
import logging
import mimetypes
import time
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.terminology import terms_for
from plans.models import PlanPdf
from plans.stamp import stamp_pdf

logger = logging.getLogger(__name__)

# A made-up origin: the template's /static/ links resolve against it, and nothing else does.
BASE_URL = "https://plan.invalid/"
STATIC_PREFIX = "/static/"


class PdfRenderError(Exception):
    """The renderer could not load a stylesheet or font the plan needs."""


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves /static/ files from disk; refuses file:, data:, http(s) and everything else.

    A static file is found where the app finds it: in the source folders (the finders) or, in
    production, among the collected files, whose names carry a hash (the static storage)."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if (
            f"{parts.scheme}://{parts.netloc}/" != BASE_URL
            or not parts.path.startswith(STATIC_PREFIX)
            or ".." in parts.path
        ):
            self.refused.append(url)
            raise ValueError(f"Blocked: the PDF may only load this app's static files ({url!r})")
        name = parts.path.removeprefix(STATIC_PREFIX)
        body = static_file(name)
        if body is None:
            self.refused.append(url)
            raise ValueError(f"No such static file: {parts.path!r}")
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def static_file(name):
    """The bytes of a static file, from the source folders or the collected files, or None."""
    path = finders.find(name)
    if path is not None:
        with open(path, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    return None


def render_pdf(template, context, *, what, fetcher=None):
    """Render a print template to tagged PDF bytes, without its running header and footer.
    Returns (bytes, page count). Raises PdfRenderError if a stylesheet or font failed to load;
    `what` names the document in the log."""
    fetcher = fetcher or StaticFilesOnlyFetcher()
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    if fetcher.refused:
        logger.error("%s was not printed: could not load %s", what, fetcher.refused)
        raise PdfRenderError(f"The PDF renderer could not load {', '.join(fetcher.refused)}")
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return without_object_streams(pdf), len(document.pages)


def render_plan_pdf(plan, *, mark=None, fetcher=None):
    """The body of the plan as PDF bytes and its page count (render_pdf)."""
    context = {
        "plan": plan,
        "case": plan.case,
        "content": plan.content(),
        "rules": plan.rules.select_related("network_member__person"),
        "terms": terms_for(plan.case),
        "watermark": watermark(plan) if mark is None else mark,
    }
    return render_pdf("plans/safetyplan_pdf.html", context, what=f"Plan {plan.pk}", fetcher=fetcher)


def without_object_streams(pdf):
    """The same PDF with each object on its own, listed in a plain cross-reference table.

    WeasyPrint packs the objects into compressed object streams, and reading one page from
    those means unpacking all of them: a tenth of a second for each download's stamp. Written
    out one by one, the stamp reads only the pages it draws on. Done once per revision."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pdf_header = b"%PDF-1.7"  # PDF/UA-1 is PDF 1.7
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def watermark(plan):
    if not plan.is_approved:
        return "DRAFT"
    if plan.is_superseded:
        return "SUPERSEDED"
    return ""


def cached_pdf(plan, *, requested_by):
    """The stored PDF of this version of the plan, rendered now if this is the first request.

    Each revision is rendered once. An approved plan cannot change, so neither can its PDF; a
    draft gets a new PDF only when it has been edited (its revision moves on). Once a later
    version is approved, the old one is printed with a SUPERSEDED watermark, stored alongside.
    """
    mark = watermark(plan)
    return cached_render(
        PlanPdf.objects,
        _plan_key(plan, mark),
        render=lambda: render_plan_pdf(plan, mark=mark),
        requested_by=requested_by,
        name=f"plan-{plan.pk}-r{plan.revision}{'-' + mark.lower() if mark else ''}.pdf",
    )


def stored_pdf(plan):
    """The stored body of this version of the plan, if it is there (stored_render)."""
    return stored_render(PlanPdf.objects, _plan_key(plan, watermark(plan)))


def _plan_key(plan, mark):
    return {"plan": plan, "plan_revision": plan.revision, "watermark": mark}


def cached_render(records, key, *, render, requested_by, name):
    """The stored PDF among `records` whose fields match `key`, or, if there is none yet,
    `render()` stored as a new record with the file `name`.

    `records` is the manager of a model with a `file`, `rendered_by`, `render_ms` and `pages`
    and a unique constraint on the fields of `key`, so one rendering is ever kept for each."""
    existing = stored_render(records, key)
    if existing is not None:
        return existing
    started = time.perf_counter()
    pdf, pages = render()
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    record = records.model(**key, rendered_by=requested_by, render_ms=elapsed_ms, pages=pages)
    record.file.save(name, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Someone else rendered the same revision at the same moment: keep theirs.
        record.file.delete(save=False)
        return records.get(**key)
    logger.info("Rendered the %s: %s pages in %s ms", record, pages, elapsed_ms)
    return record


def stored_render(records, key):
    """The stored PDF among `records` whose fields match `key`, if it is there; a row whose
    file has gone from storage is dropped, so the document is rendered again rather than
    failing."""
    record = records.filter(**key).first()
    if record is not None and not record.file.storage.exists(record.file.name):
        logger.error("The %s is missing from storage", record)
        record.delete()
        return None
    return record


def printed_copy(record, *, printed_by, printed_at=None):
    """The cached body of a plan's `record`, stamped for this download with who printed it
    and when."""
    return stamped_copy(
        record,
        header=running_header(record.plan),
        keep_safe="Keep this plan safe and do not pass it on.",
        printed_by=printed_by,
        printed_at=printed_at,
    )


def stamped_copy(record, *, header, keep_safe, printed_by, printed_at=None):
    """The cached body of `record`, stamped on every page with the running `header`, the
    marking, the page number and who printed it and when, then `keep_safe`."""
    with record.file.open("rb") as file:
        body = file.read()
    footer = running_footer(printed_by, printed_at or timezone.now(), keep_safe)
    return stamp_pdf(body, header=header, footer=footer)


def running_header(plan):
    children = " and ".join(str(child) for child in plan.content()["children"])
    if plan.is_approved:
        state = f"approved {format_date(timezone.localtime(plan.decided_at), 'j F Y')}"
    else:
        state = "draft"
    return f"{children} · {plan.case.reference} · Version {plan.number}, {state}"


def running_footer(printed_by, printed_at, keep_safe):
    when = format_date(timezone.localtime(printed_at), r"j F Y \a\t H:i")
    return f"Printed {when} by {printed_by}. {keep_safe}"
