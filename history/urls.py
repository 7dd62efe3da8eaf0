from django.urls import path

from history import views

urlpatterns = [
    path("cases/<int:pk>/history/", views.case_history, name="case_history"),
    path("cases/<int:pk>/access-log/", views.case_access_log, name="case_access_log"),
    path("access-log/", views.access_log_search, name="access_log_search"),
    path("people/subject-access/", views.subject_access_search, name="subject_access_search"),
    path("people/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
]
