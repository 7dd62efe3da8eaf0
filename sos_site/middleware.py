import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

# What add_never_cache_headers() writes on a response that says nothing of caching itself.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def no_store_when_signed_in(get_response):
    """Stop browsers and proxies keeping a copy of any page shown to a signed-in user.

    A shared council computer must not be able to show the last worker's case from its cache.
    """

    def middleware(request):
        response = get_response(request)
        if not request.user.is_authenticated:
            return response
        if response.has_header("Cache-Control") or response.has_header("Expires"):
            add_never_cache_headers(response)  # merged with what the view said
        else:
            # The same headers, written without parsing the ones that are not there.
            response.headers["Expires"] = http_date(time.time())
            response.headers["Cache-Control"] = NEVER_CACHE
        return response

    return middleware


SIGNED_IN_AT = "sos_signed_in_at"


def absolute_session_limit(get_response):
    """Sign people out after SESSION_ABSOLUTE_SECONDS, however active they have been.

    The idle timeout is Django's SESSION_COOKIE_AGE, moved on by refresh_idle_timeout; this
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


REFRESHED_AT = "sos_refreshed_at"


def refresh_idle_timeout(get_response):
    """Move the 30-minute idle timeout on as people use the service, at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would write to the
    database on every page view; refreshing it when it is a minute old keeps the timeout within
    a minute of exact for one write per person per minute.
    """

    def middleware(request):
        response = get_response(request)
        # A request refused before AuthenticationMiddleware has no user (CommonMiddleware refuses
        # a Host header not in ALLOWED_HOSTS): its 400 must not become a 500 here.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.is_empty():
            return response
        now = int(time.time())
        if now - request.session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            request.session[REFRESHED_AT] = now
        return response

    return middleware
