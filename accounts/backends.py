import functools

from django.contrib.auth import backends, get_user_model

from accounts.second_factor import confirmed_device_ids


@functools.cache
def signed_in_users():
    """Users with their team and the ids of their confirmed second-factor devices.

    Built once per process and filtered for each request: resolving the annotations was most
    of the work of loading the user, which every signed-in page does.
    """
    users = get_user_model()._default_manager.select_related("team")
    return users.annotate(**confirmed_device_ids())


class ModelBackend(backends.ModelBackend):
    """Django's own, loading with each signed-in user their team and their confirmed
    second-factor devices, in one query: nearly every page uses the team, and every page checks
    the second factor (accounts.middleware.second_factor_state)."""

    def get_user(self, user_id):
        try:
            user = signed_in_users().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
