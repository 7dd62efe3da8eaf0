from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

# Form pages answer GET with the form and POST with the save; anything else is 405.
GET_AND_POST = require_http_methods(["GET", "POST"])


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """Answer "ok" once the database has answered a query. Load balancers poll this."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


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
