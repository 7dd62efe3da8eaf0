"""Two-factor sign-in: an authenticator app (TOTP) and single-use backup codes.

Every account, staff or partner, signs in with a password and then a six-digit code from an
authenticator app. Until the code is given, the session is "pending": the middleware in
accounts.middleware sends every request to the code page.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def demo_bypass():
    """True only on a laptop demo that has switched the second factor off (never in production)."""
    return settings.DEBUG and settings.SOS_DEMO_SKIP_SECOND_FACTOR


def is_pending(user):
    """Signed in with a password, but not yet with a second factor."""
    if not user.is_authenticated or demo_bypass():
        return False
    # second_factor_state adds is_verified(); a user signed in during this request has not got it.
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def confirmed_device_ids():
    """Annotations that load, with the user, the ids of their confirmed devices: at most one
    authenticator (it cannot be replaced once confirmed) and one set of backup codes."""

    def first_confirmed(devices):
        confirmed = devices.filter(user=OuterRef("pk"), confirmed=True).order_by("pk")
        return Subquery(confirmed.values("pk")[:1])

    return {
        "authenticator_id": first_confirmed(TOTPDevice.objects),
        "backup_codes_id": first_confirmed(StaticDevice.objects),
    }


def confirmed_persistent_ids(user):
    """How the session names each confirmed device of this user (django_otp's persistent id).

    Only accounts.backends loads the device ids; a user loaded any other way has none here, so
    they are asked for a code rather than let through.
    """
    devices = [
        (TOTPDevice, getattr(user, "authenticator_id", None)),
        (StaticDevice, getattr(user, "backup_codes_id", None)),
    ]
    return {f"{device.model_label()}/{pk}" for device, pk in devices if pk is not None}


def confirmed_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_authenticator(user):
    """The authenticator being set up: the same secret until the user confirms it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def readable_secret(device):
    """The secret in groups of four, for people who type it in rather than scan it."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes with a fresh set and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
