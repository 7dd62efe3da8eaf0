from django.urls import path

from plans import views

urlpatterns = [
    path("cases/<int:pk>/plans/start/", views.plan_start, name="plan_start"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/rules/add/", views.plan_rule_add, name="plan_rule_add"),
    path("plans/<int:pk>/rules/<int:rule_pk>/edit/", views.plan_rule_edit, name="plan_rule_edit"),
    path(
        "plans/<int:pk>/rules/<int:rule_pk>/remove/",
        views.plan_rule_remove,
        name="plan_rule_remove",
    ),
    path("plans/<int:pk>/submit/", views.plan_step, {"step": "submit"}, name="plan_submit"),
    path("plans/<int:pk>/withdraw/", views.plan_step, {"step": "withdraw"}, name="plan_withdraw"),
    path("plans/<int:pk>/approve/", views.plan_step, {"step": "decide"}, name="plan_approve"),
    path("plans/<int:pk>/send-back/", views.plan_send_back, name="plan_send_back"),
    path("plans/<int:pk>/new-version/", views.plan_new_version, name="plan_new_version"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/compare/<int:other_pk>/", views.plan_compare, name="plan_compare"),
]
