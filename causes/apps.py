from django.apps import AppConfig


class CausesConfig(AppConfig):
    name = "causes"
    verbose_name = "Health content"

    def ready(self) -> None:
        from .caching import connect_signals
        from .content import CONTENT_MODELS
        from .editorial import history

        connect_signals(CONTENT_MODELS)
        history.register()
