from typing import TYPE_CHECKING, Any

from rest_framework import permissions
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.request import Request

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """
    Anyone reads; a write needs the Django model permission (add, change, delete).

    DRF's class builds the view's queryset to learn the model even for a read, which
    needs no permission at all; this one answers reads at once.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or super().has_permission(request, view)


EDITOR_PERMISSION = "causes.view_changeset"
PUBLISH_PERMISSION = "causes.publish_changeset"


class IsEditor(permissions.BasePermission):
    """Authors and reviewers (and the admin): users who may see drafts and history."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(EDITOR_PERMISSION))


class MayPublish(permissions.BasePermission):
    """Reviewers: users who may publish a change set."""

    message = "Only reviewers publish change sets: an author's drafts wait for one."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(PUBLISH_PERMISSION))


def editor_only(request: Request, what: str) -> "User":
    """A 401 for an anonymous client, a 403 for a user who is not an editor."""
    if not request.user or not request.user.is_authenticated:
        raise NotAuthenticated(f"{what} needs an editor's credentials.")
    if not request.user.has_perm(EDITOR_PERMISSION):
        raise PermissionDenied(f"{what} is for authors and reviewers.")
    return request.user


def signed_in_user(request: Request) -> "User":
    """The user of a request that a permission above let through: never anonymous."""
    user = request.user
    if not user.is_authenticated:
        raise NotAuthenticated()
    return user
