from django.db import connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """Answer "ok" once the database has answered a query. Load balancers poll this."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")
