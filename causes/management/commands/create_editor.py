from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandParser
from rest_framework.authtoken.models import Token

from causes.content import CONTENT_MODELS

EDITORS_GROUP = "Editors"


def editors_group() -> Group:
    """The group whose members may add, change and delete all content."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="causes",
            content_type__model__in=[model._meta.model_name for model in CONTENT_MODELS],
        )
    )
    return group


class Command(BaseCommand):
    help = (
        "Create a content editor (or find an existing one), give it the Editors group's "
        "permissions and print its API token. Set a password with `changepassword` to let "
        "the editor sign in to the admin too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, username: str, email: str, **options: Any) -> None:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(editors_group())
        token, _ = Token.objects.get_or_create(user=user)
        self.stderr.write(f"{'Created' if created else 'Found'} editor {username}; token:")
        # The token alone on stdout, so that scripts can capture it.
        self.stdout.write(token.key)
