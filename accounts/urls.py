from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    # Django's LogoutView only accepts POST, so a link or prefetch cannot sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/security-code/", views.second_factor_step, name="second_factor"),
    path("login/set-up-code/", views.setup_code, name="setup_code"),
    path("login/set-up/", views.authenticator_setup, name="authenticator_setup"),
    path("account/backup-codes/", views.backup_codes, name="backup_codes"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
