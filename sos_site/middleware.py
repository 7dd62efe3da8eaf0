import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers


def no_store_when_signed_in(get_response):
    """Stop browsers and proxies keeping a copy of any page shown to a signed-in user.

    A shared council computer must not be able to show the last worker's case from its cache.
    """

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware


SIGNED_IN_AT = "sos_signed_in_at"


def absolute_session_limit(get_response):
    """Sign people out after SESSION_ABSOLUTE_SECONDS, however active they have been.

    The idle timeout is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST); this
    adds the outer limit, so a session left open on a shared computer does not last for ever.
    """

    def middleware(request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return get_response(request)

    return middleware
