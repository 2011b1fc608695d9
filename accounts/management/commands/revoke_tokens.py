from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import tokens
from accounts.models import EditorToken


class Command(BaseCommand):
    help = (
        "Revoke an editor's API tokens: all of them, or those with --name. They stop "
        "working at once; `create_editor NAME` prints a new one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", help="Only the tokens with this name.")

    def handle(self, *args: Any, username: str, name: str | None, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        revoking = EditorToken.objects.filter(user=user)
        if name is not None:
            revoking = revoking.filter(name=name)
        count = tokens.revoke(revoking, by="manage.py revoke_tokens")
        self.stdout.write(f"Revoked {count} tokens of {username}.")
