from django.apps import AppConfig


class CausesConfig(AppConfig):
    name = "causes"
    verbose_name = "Health content"
