from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The laptop demo's invented people and their work (`manage.py seed_demo`). It sits above
    every other app, since it fills them all, and is installed only outside production."""

    name = "demo"
    verbose_name = "Laptop demo"
