from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        # The service's own security checks join Django's.
        from sos_site import checks  # noqa: F401
