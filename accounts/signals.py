import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from sos_site.middleware import REFRESHED_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def start_the_session_clocks(sender, request, user, **kwargs):
    """The 10-hour limit counts from signing in; the idle timeout was just moved on."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[REFRESHED_AT] = now
