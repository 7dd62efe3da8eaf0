from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "Case history, access log, subject access and retention"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from history.db_roles import grant_after_migrate
        from history.registry import touch_case_on_download, touch_cases

        post_create_historical_record.connect(touch_cases, dispatch_uid="touch_cases")
        post_save.connect(
            touch_case_on_download,
            sender=self.apps.get_model("cases", "AccessLogEntry"),
            dispatch_uid="touch_case_on_download",
        )

        # Sent once per app with models after all migrations ran; history has no models of its
        # own, so listen for cases, the app that holds the access log.
        post_migrate.connect(grant_after_migrate, sender=self.apps.get_app_config("cases"))
