"""One-time set-up codes: what someone needs, besides their password, to add an authenticator
app to an account that has none (a new account, or one whose phone was lost).

An administrator makes the code (`manage.py setup_code <username>`, or the action on the user
in the admin site) and gives it to the person. It is shown once, kept only as a hash, expires
after SETUP_CODE_DAYS and is spent by MAX_WRONG_TRIES wrong tries or by setting up the app.
"""

import logging
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import SetupCode

security_log = logging.getLogger("sos.security")

SETUP_CODE_DAYS = 7
MAX_WRONG_TRIES = 5
# No 0/O, 1/I/L: the code is read out or copied from a note.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12

# The session remembers that this user gave a good code, until the app is confirmed.
ACCEPTED = "sos_setup_code_accepted"


class SetupCodeRefused(Exception):
    """The code was wrong, spent or out of date; the message says what to do."""


def normalise(value):
    return "".join(ch for ch in value.upper() if ch.isalnum())


def readable(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def issue(user, *, by=None):
    """A new code for `user`, replacing any earlier one. Returns the code, to be shown once."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    now = timezone.now()
    SetupCode.objects.filter(user=user).delete()
    setup_code = SetupCode(
        user=user,
        code_hash=make_password(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + timedelta(days=SETUP_CODE_DAYS),
    )
    setup_code._history_user = by
    setup_code.save()
    security_log.info(
        "setup code issued user=%s by=%s", user.pk, by.pk if by is not None else "command"
    )
    return readable(code), setup_code.expires_at


def is_usable(setup_code):
    return setup_code.expires_at > timezone.now() and setup_code.wrong_tries < MAX_WRONG_TRIES


def check(user, typed):
    """Accept the user's code, or count a wrong try and raise SetupCodeRefused."""
    with transaction.atomic():  # a wrong try is counted even though the caller is refused
        setup_code, refusal = _check(user, typed)
    if refusal is not None:
        raise SetupCodeRefused(refusal)
    security_log.info("setup code accepted user=%s", user.pk)
    return setup_code


def _check(user, typed):
    setup_code = SetupCode.objects.select_for_update().filter(user=user).first()
    if setup_code is None or setup_code.wrong_tries >= MAX_WRONG_TRIES:
        return None, (
            "You need a new set-up code. Ask your administrator for one, then enter it here."
        )
    if setup_code.expires_at <= timezone.now():
        return None, (
            "Your set-up code has expired. Ask your administrator for a new one, then enter it "
            "here."
        )
    if check_password(normalise(typed), setup_code.code_hash):
        return setup_code, None
    setup_code.wrong_tries += 1
    setup_code._history_user = user
    setup_code.save(update_fields=["wrong_tries"])
    security_log.warning(
        "setup code refused user=%s wrong_tries=%s", user.pk, setup_code.wrong_tries
    )
    left = MAX_WRONG_TRIES - setup_code.wrong_tries
    if left == 0:
        return None, (
            "That set-up code is not right, and it has now been tried too many times. Ask your "
            "administrator for a new one."
        )
    return None, (
        "That set-up code is not right. Check it against the one your administrator gave you. "
        f"You can try {left} more time{'s' if left != 1 else ''}."
    )


def accepted_in_session(request):
    """The code this session gave, if it is still usable."""
    pk = request.session.get(ACCEPTED)
    if pk is None:
        return None
    setup_code = SetupCode.objects.filter(pk=pk, user=request.user).first()
    if setup_code is None or not is_usable(setup_code):
        request.session.pop(ACCEPTED, None)
        return None
    return setup_code


def spend(setup_code, *, by):
    """The app is set up: the code cannot set up another."""
    setup_code._history_user = by
    setup_code.delete()
