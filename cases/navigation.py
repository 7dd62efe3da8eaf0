"""The links in the header, which depend on what the signed-in person does."""

from django.conf import settings

from accounts.second_factor import demo_bypass, is_pending
from sos_site.paths import path_to


def navigation_for(user):
    if not user.is_authenticated or is_pending(user):
        return []
    home = path_to("home")
    if user.is_partner:
        return [("Your invited cases", home)]
    if user.leads:
        return [
            ("Team caseload", home),
            ("Referrals", path_to("referral_queue")),
            ("Search", path_to("search")),
        ]
    if user.role == user.Role.DATA_OFFICER:
        return [("Home", home), ("Statutory returns", path_to("returns"))]
    if user.role == user.Role.AUDITOR:
        return [
            ("Home", home),
            ("Access log", path_to("access_log_search")),
            ("Subject access", path_to("subject_access_search")),
        ]
    if user.is_superuser or user.role == user.Role.ADMIN:
        return [
            ("Home", home),
            ("Access log", path_to("access_log_search")),
            ("Subject access", path_to("subject_access_search")),
            ("Administration", path_to("admin:index")),
        ]
    return [
        ("My caseload", home),
        ("Record a referral", path_to("referral_new")),
        ("Search", path_to("search")),
    ]


def navigation(request):
    """Template context processor: `navigation` is a list of (label, url) pairs.

        `second_factor_skipped` is true on a laptop demo that skips the security code step. The
    session timings drive the warning before the idle timeout (static/js/sos.js).
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"navigation": [], "second_factor_skipped": False}
    return {
        "navigation": navigation_for(user),
        "second_factor_skipped": demo_bypass(),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
