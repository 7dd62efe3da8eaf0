from django.urls import path

from meetings import views

urlpatterns = [
    path("cases/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/finalise/", views.meeting_finalise_view, name="meeting_finalise"),
    # Recording the meeting as it happens: a page for each part, everyone on it at once.
    path("meetings/<int:pk>/register/", views.meeting_register, name="meeting_register"),
    path("meetings/<int:pk>/scaling/", views.meeting_scaling_round, name="meeting_scaling_round"),
    path("meetings/<int:pk>/discussion/", views.meeting_discussion, name="meeting_discussion"),
    path("meetings/<int:pk>/decisions/", views.meeting_decisions, name="meeting_decisions"),
    path("meetings/<int:pk>/actions/", views.meeting_actions, name="meeting_actions"),
    path("meetings/<int:pk>/<slug:part>/add/", views.part_add, name="meeting_part_add"),
    path(
        "meetings/<int:pk>/<slug:part>/<int:item_pk>/edit/",
        views.part_edit,
        name="meeting_part_edit",
    ),
    path(
        "meetings/<int:pk>/<slug:part>/<int:item_pk>/remove/",
        views.part_remove,
        name="meeting_part_remove",
    ),
]
