"""
The admin: every object with its links, each link with its evidence, and its
history, to read. Content is not edited here: every change is a draft made through
the API, which a second person reviews and publishes (causes.editorial), so the admin
cannot be a way around review. Change sets can be read here too.
"""

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.db.models.options import Options
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from .editorial import history
from .models import (
    Cause,
    CauseSymptom,
    ChangeSet,
    Condition,
    Draft,
    Example,
    LifestyleTip,
    RelatedArticle,
    SharedCause,
    Source,
    Symptom,
    TipCause,
    TipCondition,
    Treatment,
    TreatmentCause,
    TreatmentCondition,
    WarningSign,
)
from .models.symptoms import SymptomQuerySet


class ReadOnly:
    """No adding, changing or deleting here: content changes are reviewed drafts."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ContentAdmin(ReadOnly, admin.ModelAdmin):
    """An object of content to read, with its published history (causes.editorial.history)."""

    if TYPE_CHECKING:  # Django's own, which its stubs leave out

        def _get_obj_does_not_exist_redirect(
            self, request: HttpRequest, opts: Options, object_id: str
        ) -> HttpResponseRedirect: ...

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"History of {obj}",
            "entries": history.history(type(obj), obj.slug),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/causes/history.html", context)


def link_inline(link: type, end: str, noun: str) -> type[admin.TabularInline]:
    """An inline of `link` records, showing the `end` that is not the page's own object."""
    return type(
        f"{link.__name__}Inline",
        (ReadOnly, admin.TabularInline),
        {"model": link, "verbose_name": noun, "verbose_name_plural": f"{noun}s", "extra": 0},
    )


class RelatedArticleInline(ReadOnly, admin.TabularInline):
    model = RelatedArticle
    extra = 0


class CauseInline(ReadOnly, admin.TabularInline):
    model = Cause
    fields = ["position", "name", "slug", "category", "urgency"]
    show_change_link = True
    extra = 0


class ExampleInline(ReadOnly, admin.TabularInline):
    model = Example
    extra = 0


@admin.register(Source)
class SourceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "author", "publisher", "published_on"]
    search_fields = ["title", "slug", "author", "publisher"]
    inlines = [RelatedArticleInline]


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    list_display = ["name", "slug", "last_reviewed", "next_review_due"]
    search_fields = ["name", "slug", "summary"]
    filter_horizontal = ["sources"]
    inlines = [
        link_inline(WarningSign, "symptom", "warning sign"),
        CauseInline,
        link_inline(SharedCause, "cause", "cause shared with another condition"),
        link_inline(TipCondition, "tip", "lifestyle tip"),
        link_inline(TreatmentCondition, "treatment", "treatment"),
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "alternative_names", "summary", "overview", "outlook"]}),
        ("When to see a doctor", {"fields": ["when_to_see_doctor"]}),
        ("Sources and evidence", {"fields": ["sources", "evidence"]}),
        ("Disclaimer and review", {"fields": ["disclaimer", "last_reviewed", "next_review_due"]}),
    ]


@admin.register(Cause)
class CauseAdmin(ContentAdmin):
    list_display = ["name", "condition", "position", "category", "urgency"]
    list_filter = ["condition", "category", "urgency"]
    search_fields = ["name", "slug", "summary", "explanation"]
    inlines = [
        ExampleInline,
        link_inline(CauseSymptom, "symptom", "symptom"),
        link_inline(TipCause, "tip", "lifestyle tip"),
        link_inline(TreatmentCause, "treatment", "treatment"),
    ]


class RedFlagFilter(admin.SimpleListFilter):
    title = "warning sign"
    parameter_name = "red_flag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("1", "Yes"), ("0", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("0", "1"):
            return queryset.filter(red_flag=self.value() == "1")
        return queryset


@admin.register(Symptom)
class SymptomAdmin(ContentAdmin):
    list_display = ["name", "slug", "red_flag"]
    list_filter = [RedFlagFilter]
    search_fields = ["name", "slug", "description"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The model's default manager makes it a SymptomQuerySet.
        return cast(SymptomQuerySet, super().get_queryset(request)).with_red_flag()

    @admin.display(boolean=True, description="warning sign", ordering="red_flag")
    def red_flag(self, symptom: Symptom) -> bool:
        return symptom.red_flag


@admin.register(LifestyleTip)
class LifestyleTipAdmin(ContentAdmin):
    list_display = ["title", "position"]
    search_fields = ["title", "slug", "advice"]
    inlines = [
        link_inline(TipCondition, "condition", "condition"),
        link_inline(TipCause, "cause", "cause"),
    ]


@admin.register(Treatment)
class TreatmentAdmin(ContentAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    inlines = [
        link_inline(TreatmentCondition, "condition", "condition"),
        link_inline(TreatmentCause, "cause", "cause"),
    ]


DRAFT_FIELDS = ("action", "resource", "slug", "created_by", "created_at", "body")


class DraftInline(ReadOnly, admin.TabularInline):
    model = Draft
    fields = DRAFT_FIELDS
    readonly_fields = DRAFT_FIELDS
    extra = 0


@admin.register(ChangeSet)
class ChangeSetAdmin(ReadOnly, admin.ModelAdmin):
    """Change sets to read; they are made, published and discarded through the API."""

    list_display = ["__str__", "state", "created_by", "created_at", "published_by", "published_at"]
    list_filter = ["state"]
    inlines = [DraftInline]
