from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from sos_site import views

admin.site.site_header = "Signs of Safety administration"
admin.site.site_title = "Signs of Safety administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("cases.urls")),
    path("", include("assessments.urls")),
    path("", include("plans.urls")),
    path("", include("meetings.urls")),
    path("", include("visits.urls")),
    path("", include("returns.urls")),
    path("", include("history.urls")),
]
