from django.contrib.auth import backends, get_user_model

from accounts.second_factor import confirmed_device_ids


class ModelBackend(backends.ModelBackend):
    """Django's own, loading with each signed-in user their team and their confirmed
    second-factor devices, in one query: nearly every page uses the team, and every page checks
    the second factor (accounts.middleware.second_factor_state)."""

    def get_user(self, user_id):
        users = (
            get_user_model()
            ._default_manager.select_related("team")
            .annotate(**confirmed_device_ids())
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
