from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve

from accounts.second_factor import is_pending

# All a password alone opens: the steps that lead to the second factor, and signing out.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "second_factor",
    "authenticator_setup",
    "healthz",
}


def require_second_factor(get_response):
    """Send someone who has given only their password to the security code step.

    Whatever they ask for, and however they ask (GET or POST), nothing else answers until the
    second factor is done. It must come after django_otp's OTPMiddleware.
    """

    def middleware(request):
        if is_pending(request.user) and _url_name(request) not in OPEN_BEFORE_SECOND_FACTOR:
            return redirect_to_login(request.get_full_path(), login_url="second_factor")
        return get_response(request)

    return middleware


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
