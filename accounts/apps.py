from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Editor accounts and security events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the audit log to the signals; registers the token scheme for the schema.
        from . import receivers, schema  # noqa: F401
