"""The service's own system checks catch a missing CSP, long sessions and weak passwords."""

from sos_site import checks


def test_the_settings_as_shipped_pass_every_check():
    assert checks.content_security_policy(None) == []
    assert checks.session_age(None) == []
    assert checks.password_validators(None) == []


def test_a_missing_or_weak_content_security_policy_is_an_error(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", "'unsafe-inline'"]}}

    errors = checks.content_security_policy(None)

    assert [error.id for error in errors] == ["sos.E001"]
    assert "there is no default-src" in errors[0].msg
    assert "unsafe-inline" in errors[0].msg


def test_a_session_longer_than_thirty_minutes_is_an_error(settings):
    settings.SESSION_COOKIE_AGE = 60 * 60

    assert [error.id for error in checks.session_age(None)] == ["sos.E002"]


def test_a_session_that_never_moves_its_expiry_on_is_an_error(settings):
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "sos_site.middleware.refresh_idle_timeout"
    ]

    assert [error.id for error in checks.session_age(None)] == ["sos.E002"]


def test_weak_password_rules_are_an_error(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 8},
        }
    ]

    assert [error.id for error in checks.password_validators(None)] == ["sos.E003"]
