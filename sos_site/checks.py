"""System checks for the security settings this service depends on.

`manage.py check --deploy` runs them with Django's own; a failure stops a deployment.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

MAX_SESSION_SECONDS = 30 * 60
MIN_PASSWORD_LENGTH = 12


@register(Tags.security)
def content_security_policy(app_configs, **kwargs):
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES", {})
    problems = []
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        problems.append("the CSP middleware is not installed")
    if not directives.get("default-src"):
        problems.append("there is no default-src")
    if "'unsafe-inline'" in directives.get("script-src", []):
        problems.append("script-src allows 'unsafe-inline'")
    if problems:
        return [
            Error(
                f"The Content Security Policy is missing or weak: {'; '.join(problems)}.",
                hint="Set CONTENT_SECURITY_POLICY as in sos_site/settings.py.",
                id="sos.E001",
            )
        ]
    return []


@register(Tags.security)
def session_age(app_configs, **kwargs):
    refreshed = settings.SESSION_SAVE_EVERY_REQUEST or (
        "sos_site.middleware.refresh_idle_timeout" in settings.MIDDLEWARE
        and getattr(settings, "SESSION_REFRESH_SECONDS", MAX_SESSION_SECONDS) <= 60
    )
    if settings.SESSION_COOKIE_AGE > MAX_SESSION_SECONDS or not refreshed:
        return [
            Error(
                "Sessions must end after 30 minutes without activity.",
                hint=(
                    "SESSION_COOKIE_AGE at most 1800, and the refresh_idle_timeout middleware "
                    "with SESSION_REFRESH_SECONDS at most 60 (or SESSION_SAVE_EVERY_REQUEST)."
                ),
                id="sos.E002",
            )
        ]
    return []


@register(Tags.security)
def password_validators(app_configs, **kwargs):
    names = {
        validator["NAME"].rsplit(".", 1)[-1]: validator
        for validator in settings.AUTH_PASSWORD_VALIDATORS
    }
    length = names.get("MinimumLengthValidator", {}).get("OPTIONS", {}).get("min_length", 8)
    missing = {"UserAttributeSimilarityValidator", "CommonPasswordValidator"} - set(names)
    if "MinimumLengthValidator" not in names or length < MIN_PASSWORD_LENGTH or missing:
        return [
            Error(
                "Password rules are weaker than the service needs: at least 12 characters, "
                "the common-password list and similarity to the user's details.",
                hint="Use AUTH_PASSWORD_VALIDATORS as in sos_site/settings.py.",
                id="sos.E003",
            )
        ]
    return []


@register(Tags.security)
def second_factor_required(app_configs, **kwargs):
    if not settings.DEBUG and getattr(settings, "SOS_DEMO_SKIP_SECOND_FACTOR", False):
        return [
            Error(
                "Sign-in skips the security code step, which is only for laptop demos.",
                hint="Unset SOS_DEMO_SKIP_SECOND_FACTOR.",
                id="sos.E004",
            )
        ]
    return []
