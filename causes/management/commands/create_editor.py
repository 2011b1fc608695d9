from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from accounts import tokens
from causes.content import CONTENT_MODELS

AUTHORS, REVIEWERS = "Authors", "Reviewers"
ROLES = {"author": AUTHORS, "reviewer": REVIEWERS}


def role_group(name: str) -> Group:
    """
    The group of a role: authors draft changes to all content (its add, change and
    delete permissions) and see change sets and history; reviewers may also publish.
    """
    group, _ = Group.objects.get_or_create(name=name)
    drafting = Q(content_type__model__in=[model._meta.model_name for model in CONTENT_MODELS])
    editorial = Q(codename__in=["add_changeset", "view_changeset"])
    if name == REVIEWERS:
        editorial |= Q(codename="publish_changeset")
    group.permissions.add(
        *Permission.objects.filter(Q(content_type__app_label="causes") & (drafting | editorial))
    )
    return group


class Command(BaseCommand):
    help = (
        "Create a content editor (or find an existing one) with a role, author (drafts "
        "changes) or reviewer (also publishes other editors' change sets), and print its API "
        "token: a new one each time, shown once (`revoke_tokens` revokes them). Set a "
        "password with `changepassword` to let the editor sign in to the admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=list(ROLES), default="author")
        parser.add_argument(
            "--token-name", default="create_editor", help="What the new token is for."
        )

    def handle(
        self, *args: Any, username: str, email: str, role: str, token_name: str, **options: Any
    ) -> None:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(role_group(ROLES[role]))
        _, secret = tokens.issue(user, token_name)
        self.stderr.write(
            f"{'Created' if created else 'Found'} {role} {username}; a new token, shown this "
            "once (it is stored hashed):"
        )
        # The token alone on stdout, so that scripts can capture it.
        self.stdout.write(secret)
