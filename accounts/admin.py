"""
Security events to read, and tokens to see and revoke. Locks on the admin's sign-in are
django-axes' "Access attempts": deleting one lifts its lock.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import tokens
from .models import EditorToken, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["time", "event", "user", "address", "request_id"]
    list_filter = ["event", "time"]
    search_fields = ["user", "address", "request_id"]
    date_hierarchy = "time"

    # A log: nobody changes or removes what happened.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False


TOKEN_FIELDS = ("token_key", "name", "user", "created", "expiry", "last_used")


@admin.register(EditorToken)
class EditorTokenAdmin(admin.ModelAdmin):
    list_display = TOKEN_FIELDS
    search_fields = ["token_key", "name", "user__username"]
    fields = TOKEN_FIELDS
    readonly_fields = TOKEN_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a secret is shown once, where it is made: create_editor or the API

    def has_change_permission(self, request: HttpRequest, obj: EditorToken | None = None) -> bool:
        return False

    # Deleting is revoking: each one logged (accounts.tokens).
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[EditorToken]) -> None:
        tokens.revoke(queryset, by=request.user.get_username())

    def delete_model(self, request: HttpRequest, obj: EditorToken) -> None:
        tokens.revoke(EditorToken.objects.filter(pk=obj.pk), by=request.user.get_username())
