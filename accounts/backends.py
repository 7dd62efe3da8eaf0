from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    """Django's own, loading the user's team with them: nearly every page shows or uses it."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("team")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
