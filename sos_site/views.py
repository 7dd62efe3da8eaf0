from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_tasks_db.models import DBTaskResult

# Form pages answer GET with the form and POST with the save; anything else is 405.
GET_AND_POST = require_http_methods(["GET", "POST"])


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """Answer "ok" once the database has answered a query. Load balancers poll this.

    The query asks for background jobs no worker has picked up; a line per queue says how long
    the oldest has waited, so a stopped worker (plan PDFs that never come) shows here."""
    waiting = (
        DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(oldest=Min("enqueued_at"))
        .order_by("queue_name")
    )
    now = timezone.now()
    lines = ["ok"] + [
        f"{row['queue_name']} queue: oldest job waiting {seconds:.0f} s"
        for row in waiting
        for seconds in [(now - row["oldest"]).total_seconds()]
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def refused(request, check, *, record, step=False):
    """Run a model's own refusal, `check()`, before the person is asked anything: if it refuses,
    send them back to `record` to read why, and return that redirect; otherwise None. `step`
    marks the request as a step refused, so the access log says it was tried, not done."""
    try:
        check()
    except ValidationError as refusal:
        if step:
            request.step_refused = True
        messages.error(request, " ".join(refusal.messages))
        return redirect(record)
    return None


def take_step(request, step, *, record, done=None):
    """One step of a record's lifecycle (submit, sign off, approve, finalise...), from a POST.

    The model refuses a wrong starting state itself, with a ValidationError saying why; the
    person is sent back to `record` and reads it. Otherwise they go to what `step()` returns
    (a new version, say), or back to `record`, and read `done`, a sentence or a function of
    what the step returned, if there is anything to say.
    """
    try:
        result = step()
    except ValidationError as refusal:
        request.step_refused = True  # the access log says it was tried, not done
        messages.error(request, " ".join(refusal.messages))
        return redirect(record)
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(result or record)
