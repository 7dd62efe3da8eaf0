import time

from axes.utils import reset as reset_failed_passwords
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from sos_site.middleware import REFRESHED_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def start_the_session_clocks(sender, request, user, **kwargs):
    """The 10-hour limit counts from signing in; the idle timeout was just moved on."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[REFRESHED_AT] = now


@receiver(user_logged_in)
def clear_this_accounts_failed_passwords(sender, request, user, **kwargs):
    """A right password clears the failures counted against this username, wherever they came
    from, and nothing else: not another account's, and not the rest of the address's.

    Axes' AXES_RESET_ON_SUCCESS would also clear every failure from the address, so signing in
    to one account would reset the count for guesses at another (sos_site/settings.py).
    """
    reset_failed_passwords(username=user.get_username())
