from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("emergency-access/", views.break_glass, name="break_glass"),
    path("emergency-access/<int:pk>/end/", views.break_glass_end, name="break_glass_end"),
    path("cases/new/", views.case_open, name="case_open"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/children/add/", views.child_add, name="child_add"),
    path("cases/<int:pk>/family/add/", views.family_member_add, name="family_member_add"),
    path("cases/<int:pk>/people/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("cases/<int:pk>/network/add/", views.network_add, name="network_add"),
    path("cases/<int:pk>/network/<int:member_pk>/edit/", views.network_edit, name="network_edit"),
    path("cases/<int:pk>/network/<int:member_pk>/end/", views.network_end, name="network_end"),
    path("cases/<int:pk>/allocate/", views.case_allocate, name="case_allocate"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/restriction/", views.case_restrict, name="case_restrict"),
    path("cases/<int:pk>/partners/", views.partner_access, name="partner_access"),
    path(
        "cases/<int:pk>/partners/<int:grant_pk>/remove/",
        views.partner_revoke,
        name="partner_revoke",
    ),
    path("referrals/", views.referral_queue, name="referral_queue"),
    path("referrals/new/", views.referral_new, name="referral_new"),
]
