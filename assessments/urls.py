from django.urls import path

from assessments import views

urlpatterns = [
    path("cases/<int:pk>/assessments/start/", views.assessment_start, name="assessment_start"),
    path("cases/<int:pk>/scaling/", views.scaling, name="scaling"),
    path("cases/<int:pk>/scaling/add/", views.scaling_add, name="scaling_add"),
    path(
        "cases/<int:pk>/children/<int:child_pk>/three-houses/add/",
        views.three_houses_add,
        name="three_houses_add",
    ),
    path(
        "cases/<int:pk>/children/<int:child_pk>/words-and-pictures/",
        views.words_and_pictures_edit,
        name="words_and_pictures_edit",
    ),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path(
        "assessments/<int:pk>/withdraw/",
        views.assessment_step,
        {"step": "withdraw"},
        name="assessment_withdraw",
    ),
    path(
        "assessments/<int:pk>/sign-off/",
        views.assessment_step,
        {"step": "decide"},
        name="assessment_sign_off",
    ),
    path(
        "assessments/<int:pk>/send-back/", views.assessment_send_back, name="assessment_send_back"
    ),
    path(
        "assessments/<int:pk>/new-version/",
        views.assessment_new_version,
        name="assessment_new_version",
    ),
    path(
        "assessments/<int:pk>/compare/<int:other_pk>/",
        views.assessment_compare,
        name="assessment_compare",
    ),
    path(
        "assessments/<int:pk>/worry-statements/<int:statement_pk>/goal/",
        views.goal_edit,
        name="goal_edit",
    ),
    path("assessments/<int:pk>/<slug:part>/add/", views.part_add, name="part_add"),
    path("assessments/<int:pk>/<slug:part>/<int:item_pk>/edit/", views.part_edit, name="part_edit"),
    path(
        "assessments/<int:pk>/<slug:part>/<int:item_pk>/remove/",
        views.part_remove,
        name="part_remove",
    ),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("plain-language/check/", views.plain_language_check, name="plain_language_check"),
]
