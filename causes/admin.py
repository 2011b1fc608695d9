"""
The admin: every object with its links, each link with its evidence. Forms run the
models' validation, so a quote that is not in its source is refused here as in the
API and the fixture loader.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import (
    Cause,
    CauseSymptom,
    Condition,
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


def link_inline(link: type, end: str, noun: str) -> type[admin.TabularInline]:
    """An inline of `link` records, showing the `end` that is not the page's own object."""
    return type(
        f"{link.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": link,
            "autocomplete_fields": [end],
            "verbose_name": noun,
            "verbose_name_plural": f"{noun}s",
            "extra": 0,
        },
    )


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    extra = 0


class CauseInline(admin.TabularInline):
    model = Cause
    fields = ["position", "name", "slug", "category", "urgency"]
    show_change_link = True
    extra = 0


class ExampleInline(admin.TabularInline):
    model = Example
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "publisher", "published_on"]
    search_fields = ["title", "slug", "author", "publisher"]
    inlines = [RelatedArticleInline]


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "last_reviewed", "next_review_due"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
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
class CauseAdmin(admin.ModelAdmin):
    list_display = ["name", "condition", "position", "category", "urgency"]
    list_filter = ["condition", "category", "urgency"]
    search_fields = ["name", "slug", "summary", "explanation"]
    prepopulated_fields = {"slug": ["name"]}
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
class SymptomAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "red_flag"]
    list_filter = [RedFlagFilter]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_red_flag()

    @admin.display(boolean=True, description="warning sign", ordering="red_flag")
    def red_flag(self, symptom: Symptom) -> bool:
        return symptom.red_flag


@admin.register(LifestyleTip)
class LifestyleTipAdmin(admin.ModelAdmin):
    list_display = ["title", "position"]
    search_fields = ["title", "slug", "advice"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        link_inline(TipCondition, "condition", "condition"),
        link_inline(TipCause, "cause", "cause"),
    ]


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        link_inline(TreatmentCondition, "condition", "condition"),
        link_inline(TreatmentCause, "cause", "cause"),
    ]
