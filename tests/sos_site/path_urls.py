"""Routes whose keys are not written as plain numbers, for tests/sos_site/test_paths.py."""

from django.http import HttpResponse
from django.urls import path, re_path, register_converter


class Padded:
    """A key written with six digits, zeros in front."""

    regex = "[0-9]{6}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:06d}"


register_converter(Padded, "padded")


def page(request, **keys):
    return HttpResponse()


urlpatterns = [
    path("cases/<int:pk>/", page, name="plain"),
    path("padded/<padded:pk>/", page, name="padded"),
    re_path(r"^short/(?P<pk>[0-9]{1,2})/$", page, name="short"),
    path("twice/<int:first>/<int:second>/", page, name="twice"),
]
