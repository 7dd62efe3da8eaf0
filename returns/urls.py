from django.urls import path

from returns import views

urlpatterns = [
    path("returns/", views.returns_home, name="returns"),
    path("returns/census/check/", views.census_check, name="returns_census_check"),
    path(
        "returns/census/checks/<int:pk>/",
        views.census_check_result,
        name="returns_census_check_result",
    ),
    path("returns/census/download/", views.census_download, name="returns_census_download"),
    path("returns/annex-a/download/", views.annex_a_download, name="returns_annex_a_download"),
    path("returns/cases/<int:pk>/", views.coded_record_page, name="returns_coded_record"),
]
