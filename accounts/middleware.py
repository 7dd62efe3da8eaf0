import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import get_user
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from accounts.second_factor import confirmed_persistent_ids, is_pending

# All a password alone opens: the steps that lead to the second factor, and signing out.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "second_factor",
    "setup_code",
    "authenticator_setup",
    "healthz",
}


def second_factor_state(get_response):
    """Add django_otp's `user.is_verified()` and `user.otp_device`, as its OTPMiddleware does,
    without a query of its own.

    The session names the device the code came from. The user is verified while that device is
    still one of their confirmed devices, whose ids accounts.backends loads with the user. The
    device itself is only fetched if something asks for it.

    The user is loaded here rather than lazily: the middleware after this one asks about them on
    every request, and a lazy wrapper would add its own indirection to each of the hundreds of
    `request.user` and `user.` lookups a page makes. A request with no session cookie (a health
    check, the sign-in page) still costs no query: it is the anonymous user.
    """

    def middleware(request):
        request.user = _with_second_factor(request)
        return get_response(request)

    return middleware


def _with_second_factor(request):
    # The user itself, as AuthenticationMiddleware loads and caches it, rather than its lazy
    # wrapper: a lazy object around a lazy object doubles the cost of every `user.` lookup.
    user = get_user(request)
    user.otp_device = None
    user.is_verified = functools.partial(_is_verified, user)
    if user.is_authenticated:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id in confirmed_persistent_ids(user):
            user.otp_device = SimpleLazyObject(lambda: Device.from_persistent_id(persistent_id))
        elif persistent_id is not None:
            del request.session[DEVICE_ID_SESSION_KEY]  # removed or never confirmed
    return user


def _is_verified(user):
    return user.otp_device is not None


def require_second_factor(get_response):
    """Send someone who has given only their password to the security code step.

    Whatever they ask for, and however they ask (GET or POST), nothing else answers until the
    second factor is done. It must come after second_factor_state.
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


# The signed cookie that remembers whose browser this is, so that a form posted after the
# session has ended can be handed back to the same person, and only to them. Signing out
# removes it.
LAST_USER_COOKIE = "sos_last_user"
LAST_USER_SALT = "accounts.last-user"
UNSENT_FORM = "sos_unsent_form"
NOT_KEPT = {"csrfmiddlewaretoken", "submit"}


class KeepFormAfterExpiry:
    """Nothing typed is lost when a session times out.

    A form posted once the session has ended is kept in the new, signed-out session, and the
    person is asked to sign in. When the same person is back in, the page they were on shows
    what they typed (accounts/templates: the "We kept what you typed" banner, filled in by
    sos.js), ready to check and save. Nothing is saved on their behalf.

    It sits after CsrfViewMiddleware, so a cross-site POST is refused before anything is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.restored_form = None
        was_signed_in = request.user.is_authenticated
        if was_signed_in and not is_pending(request.user):
            self.restore(request)
        response = self.get_response(request)
        if request.user.is_authenticated and not is_pending(request.user):
            self.remember_user(request, response)
        elif was_signed_in:
            # Signed out: nothing posted from this browser now is kept for them, so nobody at
            # it can leave text to be shown to them, next time, as what they typed.
            response.delete_cookie(last_user_cookie(), samesite="Lax")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if request.resolver_match.url_name in OPEN_BEFORE_SECOND_FACTOR | {"session_extend"}:
            return None
        last_user = request.get_signed_cookie(last_user_cookie(), default=None, salt=LAST_USER_SALT)
        if last_user is None:
            return None
        request.session[UNSENT_FORM] = {
            "path": request.path,
            "user": last_user,
            "fields": [
                [name, values] for name, values in request.POST.lists() if name not in NOT_KEPT
            ],
        }
        messages.warning(
            request,
            "You were signed out because you had not done anything for 30 minutes. Sign in "
            "again and you will go back to your form with what you typed.",
        )
        return redirect_to_login(request.path)

    @staticmethod
    def restore(request):
        unsent = request.session.get(UNSENT_FORM)
        if unsent is None:
            return
        if unsent["user"] != str(request.user.pk):
            # Someone else signed in on this browser: what was typed is not theirs to see.
            del request.session[UNSENT_FORM]
        elif request.method == "GET" and request.path == unsent["path"]:
            del request.session[UNSENT_FORM]
            request.restored_form = [
                {"name": name, "label": capfirst(name.replace("_", " ")), "values": values}
                for name, values in unsent["fields"]
            ]

    @staticmethod
    def remember_user(request, response):
        current = request.get_signed_cookie(last_user_cookie(), default=None, salt=LAST_USER_SALT)
        if current != str(request.user.pk):
            response.set_signed_cookie(
                last_user_cookie(),
                str(request.user.pk),
                salt=LAST_USER_SALT,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )


def last_user_cookie():
    """Over HTTPS, a __Host- cookie, as the session's: the browser keeps it only for this site,
    sent securely, and no other site under the same domain can set it."""
    secure = settings.SESSION_COOKIE_SECURE
    return f"__Host-{LAST_USER_COOKIE}" if secure else LAST_USER_COOKIE
