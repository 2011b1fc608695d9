from django.contrib import admin

from .models import Cause, Condition, Example, LifestyleTip, RelatedArticle, Symptom, Treatment


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


class LifestyleTipCauseInline(admin.TabularInline):
    model = LifestyleTip.causes.through
    verbose_name = "lifestyle tip for this cause"
    verbose_name_plural = "lifestyle tips for this cause"
    autocomplete_fields = ["lifestyletip"]
    extra = 0


class TreatmentCauseInline(admin.TabularInline):
    model = Treatment.causes.through
    verbose_name = "treatment for this cause"
    verbose_name_plural = "treatments for this cause"
    autocomplete_fields = ["treatment"]
    extra = 0


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "source_title", "source_published_on"]
    search_fields = ["name", "slug", "summary", "source_title"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["warning_signs"]
    inlines = [CauseInline, RelatedArticleInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "overview", "outlook"]}),
        ("When to see a doctor", {"fields": ["when_to_see_doctor", "warning_signs"]}),
        ("Disclaimer", {"fields": ["disclaimer"]}),
        (
            "Source article",
            {
                "fields": [
                    "source_title",
                    "source_author",
                    "source_published_on",
                    "source_reading_minutes",
                    "source_publisher",
                    "source_section",
                    "source_tags",
                    "source_copyright",
                ]
            },
        ),
    ]


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ["name", "condition", "position", "category", "urgency"]
    list_filter = ["condition", "category", "urgency"]
    search_fields = ["name", "slug", "also_known_as", "summary", "explanation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["symptoms"]
    inlines = [ExampleInline, LifestyleTipCauseInline, TreatmentCauseInline]


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "red_flag"]
    list_filter = ["red_flag"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LifestyleTip)
class LifestyleTipAdmin(admin.ModelAdmin):
    list_display = ["title", "position"]
    list_filter = ["conditions"]
    search_fields = ["title", "slug", "advice"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conditions", "causes"]


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind", "conditions"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conditions", "causes"]
