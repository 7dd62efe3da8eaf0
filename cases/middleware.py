from django.http import Http404

from cases.access import CaseAccessDenied


class CaseAccessLogMiddleware:
    """Writes the access log's row for a case request once the view has answered.

    It runs after the view's transaction has ended (ATOMIC_REQUESTS), so the row is kept
    whether the view saved anything or rolled it all back. An attempt refused on the way in
    (CaseAccessDenied) is written as it happens; Django then shows the usual 404 or 403 page.

    A view may let someone onto a case and then refuse them after all: a person reached through
    another case's address (404), a change the record's state forbids (403), a step refused
    (`request.step_refused`). The row then says they were refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "case_access", None)
        if entry is not None:
            entry.status = response.status_code
            refused = response.status_code in {403, 404} or getattr(request, "step_refused", False)
            entry.allowed = not refused
            entry.save()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, CaseAccessDenied):
            exception.log_entry.status = 404 if isinstance(exception, Http404) else 403
            exception.log_entry.save()
        return None
