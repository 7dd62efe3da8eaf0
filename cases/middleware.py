from cases.access import CaseAccessDenied


class CaseAccessLogMiddleware:
    """Writes the access-log entry for a refused case request.

    It runs after the view's transaction has rolled back (ATOMIC_REQUESTS), so the record of the
    refusal is kept. Django then turns the exception into the usual 404 or 403 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CaseAccessDenied):
            exception.log_entry.save()
        return None
