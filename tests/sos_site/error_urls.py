"""URLs that fail on purpose, so the tests can see the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view")


def broken_by_input(request):
    # As a database error does: the exception's message quotes what was sent.
    raise ValueError(f"could not save {request.POST.get('text')!r}")


urlpatterns = [
    path("broken-by-input/", broken_by_input),
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("sos_site.urls")),
]
