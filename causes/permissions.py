from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """
    Anyone reads; a write needs the Django model permission (add, change, delete).

    DRF's class builds the view's queryset to learn the model even for a read, which
    needs no permission at all; this one answers reads at once.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or super().has_permission(request, view)
