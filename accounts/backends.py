from django.contrib.auth import backends, get_user_model

from accounts.second_factor import confirmed_device_ids
from sos_site.prepared import Prepared


@Prepared
def signed_in_user(pk):
    """The user with their team and the ids of their confirmed second-factor devices, compiled
    to SQL once per process (sos_site.prepared): every signed-in request loads it."""
    users = get_user_model()._default_manager.select_related("team")
    return users.annotate(**confirmed_device_ids()).filter(pk=pk)


class ModelBackend(backends.ModelBackend):
    """Django's own, loading with each signed-in user their team and their confirmed
    second-factor devices, in one query: nearly every page uses the team, and every page checks
    the second factor (accounts.middleware.second_factor_state)."""

    def get_user(self, user_id):
        user = next(iter(signed_in_user(user_id)), None)
        return user if user is not None and self.user_can_authenticate(user) else None
