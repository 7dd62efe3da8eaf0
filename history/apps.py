from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "Case history, access log, subject access and retention"

    def ready(self):
        from history.db_roles import grant_after_migrate

        # Sent once per app with models after all migrations ran; history has no models of its
        # own, so listen for cases, the app that holds the access log.
        post_migrate.connect(grant_after_migrate, sender=self.apps.get_app_config("cases"))
