import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases.access import CaseAccessDenied


class CaseAccessLogMiddleware:
    """Writes the access-log entry for a refused case request.

    It runs after the view's transaction has rolled back (ATOMIC_REQUESTS), so the record of the
    refusal is kept. Django then turns the exception into the usual 404 or 403 page.

    A view may let someone onto the case and then refuse what they asked for on it: a person
    reached through another case's address, a step the record's state forbids. The row saying
    they were let in was rolled back with the view; a refusal takes its place.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CaseAccessDenied):
            exception.log_entry.save()
        elif isinstance(exception, Http404 | PermissionDenied) and hasattr(request, "case_access"):
            refused = copy.copy(request.case_access)
            refused.pk, refused.allowed = None, False
            refused.save()
        return None
