"""Signing in and out: a password, then a code from an authenticator app or a backup code."""

import logging
import time

import django_otp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts import second_factor, setup_codes
from accounts.forms import (
    AuthenticatorSetupForm,
    LoginForm,
    NewBackupCodesForm,
    SecurityCodeForm,
    SetupCodeForm,
)
from sos_site.middleware import REFRESHED_AT

security_log = logging.getLogger("sos.security")

NEW_BACKUP_CODES = "sos_new_backup_codes"


def safe_next(request):
    """Where to go after this step: the `next` the user came with, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class SignInView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A password never carries over a second factor from an earlier sign-in.
        self.request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        return response

    def get_success_url(self):
        destination = self.get_redirect_url() or reverse(settings.LOGIN_REDIRECT_URL)
        if second_factor.is_pending(self.request.user):
            return with_next("second_factor", destination)
        return destination


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_step(request):
    if not second_factor.is_pending(request.user):
        return redirect(safe_next(request))
    if second_factor.confirmed_authenticator(request.user) is None:
        return redirect(with_next("setup_code", safe_next(request)))
    form = SecurityCodeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            django_otp.login(request, form.device)
            request.session.cycle_key()
            security_log.info(
                "second factor accepted user=%s device=%s", request.user.pk, form.device.name
            )
            return redirect(safe_next(request))
        security_log.warning("second factor refused user=%s", request.user.pk)
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": safe_next(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def setup_code(request):
    """Before an app can be added to an account, the one-time code an administrator gave."""
    if second_factor.confirmed_authenticator(request.user) is not None:
        return redirect(with_next("second_factor", safe_next(request)))
    if setup_codes.accepted_in_session(request) is not None:
        return redirect(with_next("authenticator_setup", safe_next(request)))
    form = SetupCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session[setup_codes.ACCEPTED] = form.setup_code.pk
        return redirect(with_next("authenticator_setup", safe_next(request)))
    return render(request, "accounts/setup_code.html", {"form": form, "next": safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def authenticator_setup(request):
    if second_factor.confirmed_authenticator(request.user) is not None:
        return redirect(with_next("second_factor", safe_next(request)))
    if setup_codes.accepted_in_session(request) is None:
        return redirect(with_next("setup_code", safe_next(request)))
    device = second_factor.unconfirmed_authenticator(request.user)
    form = AuthenticatorSetupForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            code = setup_codes.accepted_in_session(request)
            if code is None:  # expired, or replaced, while the app was being added
                return redirect(with_next("setup_code", safe_next(request)))
            setup_codes.spend(code, by=request.user)
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(setup_codes.ACCEPTED, None)
            request.session[NEW_BACKUP_CODES] = second_factor.new_backup_codes(request.user)
        django_otp.login(request, device)
        request.session.cycle_key()
        security_log.info("authenticator set up user=%s", request.user.pk)
        return redirect(with_next("backup_codes", safe_next(request)))
    return render(
        request,
        "accounts/authenticator_setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_code": second_factor.qr_code_data_uri(device),
            "secret": second_factor.readable_secret(device),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """Shows a fresh set of backup codes once; otherwise how many are left, and a way to renew."""
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = second_factor.new_backup_codes(request.user)
        security_log.info("backup codes renewed user=%s", request.user.pk)
        return redirect(with_next("backup_codes", safe_next(request)))
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "form": NewBackupCodesForm(),
            "codes": request.session.pop(NEW_BACKUP_CODES, None),
            "codes_left": second_factor.backup_codes_left(request.user),
            "next": safe_next(request),
        },
    )


@require_POST
def session_extend(request):
    """ "Stay signed in": any request moves the idle timeout on; this one does nothing else."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session[REFRESHED_AT] = int(time.time())  # saved now, whenever it was last saved
    return HttpResponse(status=204)
