"""The printable plan: the same template as the screen, rendered by WeasyPrint.

Rendering is locked down. The URL fetcher refuses everything except this app's own static
files, so text in a plan can never make the renderer read a local file, call an internal
address or embed an attachment. The output is tagged PDF/UA with embedded fonts.
"""

import logging
import mimetypes
import time
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.terminology import terms_for
from plans.models import PlanPdf

logger = logging.getLogger(__name__)

# A made-up origin: the template's /static/ links resolve against it, and nothing else does.
BASE_URL = "https://plan.invalid/"
STATIC_PREFIX = "/static/"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves /static/ files from disk; refuses file:, data:, http(s) and everything else."""

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
        path = finders.find(parts.path.removeprefix(STATIC_PREFIX))
        if path is None:
            self.refused.append(url)
            raise ValueError(f"No such static file: {parts.path!r}")
        with open(path, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def render_plan_pdf(plan, *, generated_by, mark=None, fetcher=None):
    """Render the plan to PDF bytes. Returns (bytes, page count)."""
    html = render_to_string(
        "plans/safetyplan_pdf.html",
        {
            "plan": plan,
            "case": plan.case,
            "content": plan.content(),
            "rules": plan.rules.select_related("network_member__person"),
            "terms": terms_for(plan.case),
            "generated_by": generated_by,
            "generated_at": timezone.now(),
            "watermark": watermark(plan) if mark is None else mark,
        },
    )
    document = HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnlyFetcher()
    ).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)


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
    revision, mark = plan.revision, watermark(plan)
    existing = PlanPdf.objects.filter(plan=plan, plan_revision=revision, watermark=mark).first()
    if existing is not None:
        return existing
    started = time.perf_counter()
    pdf, pages = render_plan_pdf(plan, generated_by=requested_by, mark=mark)
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    record = PlanPdf(
        plan=plan,
        plan_revision=revision,
        watermark=mark,
        rendered_by=requested_by,
        render_ms=elapsed_ms,
        pages=pages,
    )
    name = f"plan-{plan.pk}-r{revision}{'-' + mark.lower() if mark else ''}.pdf"
    record.file.save(name, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Someone else rendered the same revision at the same moment: keep theirs.
        record.file.delete(save=False)
        return PlanPdf.objects.get(plan=plan, plan_revision=revision, watermark=mark)
    logger.info(
        "Rendered plan %s revision %s: %s pages in %s ms", plan.pk, revision, pages, elapsed_ms
    )
    return record
