"""
One FilterSet per resource; every query parameter of the list endpoints is
declared here, with the description that the OpenAPI schema shows.

Shared rules: relations are filtered by slug, and a repeated parameter is OR'd
(`?cause=a&cause=b`); an empty value means the parameter was not given; any
other value that does not fit is a 400 naming the parameter.
"""

import copy
import datetime
import re
from typing import TYPE_CHECKING, Any, ClassVar

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field

from . import codes as coding
from .choices import CauseCategory, SymptomMatch, TreatmentKind, Urgency
from .models import (
    Cause,
    Condition,
    ContentQuerySet,
    LifestyleTip,
    SharedCause,
    Symptom,
    Treatment,
)
from .models.causes import CauseQuerySet
from .permissions import editor_only
from .recognition.index import current_vocabulary
from .serializers.recognition import TEXT_MAX_LENGTH

if TYPE_CHECKING:
    _FormField = forms.Field  # what the mixin below is mixed into
else:
    _FormField = object

SEARCH_MAX_LENGTH = 100


class EmptyValuesIgnoredMixin(_FormField):
    """For a repeatable parameter: `?x=` and `?x=&x=` mean that x was not given."""

    def clean(self, value: list[str] | None) -> Any:
        values = [item for item in value or [] if item]
        # An empty list (not Django's empty queryset) is what django-filter skips as "not given".
        return super().clean(values) if values else []


class SlugMultipleChoiceField(
    EmptyValuesIgnoredMixin, django_filters.fields.ModelMultipleChoiceField
):
    pass


class ChoiceMultipleField(EmptyValuesIgnoredMixin, forms.MultipleChoiceField):
    pass


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    """A choice of a column: no join, no duplicate rows, so no DISTINCT (a sort of every match)."""

    field_class = ChoiceMultipleField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(distinct=False, **kwargs)


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Related objects by slug; an unknown slug is a 400 that names it."""

    field_class = SlugMultipleChoiceField

    def __init__(self, *, help_text: str, **kwargs: Any) -> None:
        super().__init__(to_field_name="slug", help_text=help_text, **kwargs)
        # drf-spectacular cannot type a filter on a to_field_name; the values are slugs.
        extend_schema_field({"type": "string", "description": help_text})(self)

    def get_filter_predicate(self, related: Any) -> dict[str, Any]:
        # Filter on the related object, not on its slug under the relation's own name.
        return {self.field_name: related}


class StrictBooleanField(forms.NullBooleanField):
    """Unlike Django's, turns a value that is not a boolean into an error, not None."""

    widget = forms.TextInput
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: str | None) -> bool | None:  # type: ignore[override]  # None too, as NullBooleanField's (its stub has BooleanField's)
        if value is None or value in self.empty_values:
            return None
        try:
            return self.values[value.lower()]
        except KeyError:
            raise forms.ValidationError("Must be true or false.", code="invalid") from None


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class MomentField(forms.Field):
    """An ISO 8601 date and time, or a date (its midnight); UTC unless an offset is given."""

    widget = forms.TextInput

    def to_python(self, value: str | None) -> datetime.datetime | None:
        if value is None or value in self.empty_values:
            return None
        try:
            moment = parse_datetime(value)
            if moment is None and (day := parse_date(value)) is not None:
                moment = datetime.datetime.combine(day, datetime.time())
            if moment is not None and timezone.is_aware(moment):
                moment = moment.astimezone(datetime.UTC)
        # Well-formed but impossible (2024-02-30), or out of range in UTC (year 9999, -01:00).
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise forms.ValidationError(
                "Must be an ISO 8601 date and time (2024-06-04T12:00:00Z) or date (2024-06-04).",
                code="invalid",
            )
        return moment.replace(tzinfo=datetime.UTC)


class UpdatedSinceFilter(django_filters.Filter):
    field_class = MomentField

    def __init__(self) -> None:
        help_text = (
            "Only objects whose `updated_at` is at or after this moment: ISO 8601, such as "
            "`2024-06-04T12:00:00Z`, or a date for its midnight UTC. To sync, pass the "
            "greatest `updated_at` you hold."
        )
        super().__init__(field_name="updated_at", lookup_expr="gte", help_text=help_text)
        extend_schema_field({"type": "string", "format": "date-time", "description": help_text})(
            self
        )


class TextFilter(django_filters.CharFilter):
    """Text of at most `max_length` characters, documented as such."""

    def __init__(self, *, max_length: int, help_text: str, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)
        extend_schema_field({"type": "string", "maxLength": max_length, "description": help_text})(
            self
        )


class SearchFilter(TextFilter):
    """Case-insensitive text search over the fields the model's queryset names."""

    def __init__(self, *, help_text: str) -> None:
        super().__init__(max_length=SEARCH_MAX_LENGTH, help_text=help_text)

    def filter(self, qs: ContentQuerySet, value: str) -> QuerySet:
        text = (value or "").strip()
        return qs.search(text) if text else qs


class CodeField(forms.CharField):
    """An ICD-10-CM code or category, as the table writes it or without its dot."""

    def __init__(self, **kwargs: Any) -> None:
        # As written, as the schema's pattern says: not trimmed first.
        super().__init__(strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        written = super().to_python(value) or ""
        if written and not re.fullmatch(coding.WRITTEN_CODE_PATTERN, written):
            raise forms.ValidationError(
                "Give an ICD-10-CM code such as R25.3 or a category such as R25.", code="invalid"
            )
        return coding.normalise(written)


class CodeFilter(django_filters.Filter):
    """The records that a clinical code names: by the code itself or by a code within it."""

    field_class = CodeField
    help_text = (
        "An ICD-10-CM code (R25.3, or R253) or category (R25): the records it names, by the "
        "code or by a code within the category (`codes` on the detail says which)."
    )

    def __init__(self) -> None:
        super().__init__(max_length=10, help_text=self.help_text)
        extend_schema_field(
            {
                "type": "string",
                "maxLength": 10,
                "pattern": coding.WRITTEN_CODE_PATTERN,
                "description": self.help_text,
            }
        )(self)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return qs.filter(pk__in=qs.model.with_code(value)) if value else qs


class OrderingFilter(django_filters.OrderingFilter):
    """Ordering with the primary key as a final tie-breaker, so that pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        # Empty items (`?ordering=name,,`) are ignored like any empty value.
        params = [param for param in value or [] if param]
        if not params:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in params), "pk")


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter's backend; a request with none of the FilterSet's parameters skips it."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        # With no parameter given every filter lets the queryset through unchanged, so
        # building and validating the FilterSet (a third of an unfiltered list's time) is moot.
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and filterset_class.base_filters.keys().isdisjoint(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class FilterSet(django_filters.FilterSet):
    """
    django-filter's FilterSet, with its form class built once per class, and its filters
    copied shallowly, not deeply, for each request. Every list takes `updated_since`.
    """

    updated_since = UpdatedSinceFilter()

    _form_classes: ClassVar[dict[type, type[forms.Form]]] = {}

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        # As django-filter's, which deep-copies every filter (its queryset, its form
        # field) for each request: a sixth of a filtered list's time. A filter's state
        # for one request is only its model and FilterSet (`parent`), and the binding of
        # its method to that FilterSet; the form fields come from the shared form class.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.model, filter_.parent = queryset.model, self
            if base.method is not None:
                filter_.method = base.method  # binds the method to this copy
            self.filters[name] = filter_

    def get_form_class(self) -> type[forms.Form]:
        # Each form instance copies the class's fields, so sharing the class is safe.
        cls = type(self)
        if cls not in FilterSet._form_classes:
            FilterSet._form_classes[cls] = super().get_form_class()
        return FilterSet._form_classes[cls]


def ordering(*fields: str, default: str) -> OrderingFilter:
    """`ordering` by these fields or by `updated_at`."""
    return OrderingFilter(
        fields=[*fields, "updated_at"],
        help_text=(
            f"Sort order; prefix `-` for descending, comma-separate several. The default is "
            f"{default}. `-updated_at` puts what changed last first."
        ),
    )


class DateFilter(django_filters.DateFilter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        extend_schema_field(
            {"type": "string", "format": "date", "description": kwargs["help_text"]}
        )(self)


class ConditionFilterSet(FilterSet):
    search = SearchFilter(help_text="Text to find in the condition's name or summary.")
    code = CodeFilter()
    review_due_before = DateFilter(
        method="filter_review_due_before",
        help_text="Editors only (401 or 403 otherwise): conditions whose next review is due "
        "before this date (2029-01-01), and those never reviewed.",
    )
    ordering = ordering("name", default="`name`")

    class Meta:
        model = Condition
        fields = ["search", "code", "review_due_before"]

    def filter_review_due_before(
        self, queryset: QuerySet, name: str, day: datetime.date
    ) -> QuerySet:
        editor_only(self.request, "`review_due_before`")
        return queryset.filter(Q(next_review_due__lt=day) | Q(next_review_due__isnull=True))


class CauseFilterSet(FilterSet):
    """`symptom`, `symptom_match` and `text` rank the causes together (rank())."""

    symptom = SlugMultipleChoiceFilter(
        queryset=Symptom.objects.all(),
        method="applied_by_rank",
        help_text=(
            "Symptom slug; repeat for several (`?symptom=weakness&symptom=numbness`). "
            "Each result then counts the asked symptoms it has in `matched_symptoms`, "
            "and results are ranked by that count unless `ordering` says otherwise."
        ),
    )
    symptom_match = django_filters.ChoiceFilter(
        choices=SymptomMatch.choices,
        method="applied_by_rank",
        empty_label=None,
        help_text=(
            "With several symptoms (`symptom`, or those `text` names): `any` (default) "
            "returns causes with at least one of them, `all` only causes with every one."
        ),
    )
    text = TextFilter(
        method="applied_by_rank",
        max_length=TEXT_MAX_LENGTH,
        help_text=(
            "What a person typed (up to 500 characters), read as `/api/v1/recognize/` reads "
            "it: the causes it names come first, then the causes of the symptoms it names "
            "as present, ranked as with `symptom` (with which it combines); "
            "`text_match` says why each is there. A text that names neither gives an "
            "empty list."
        ),
    )
    condition = SlugMultipleChoiceFilter(
        queryset=Condition.objects.all(),
        method="filter_conditions",
        help_text=(
            "Condition slug: its causes, and the causes of other conditions that its source "
            "names too; repeat for several."
        ),
    )
    category = MultipleChoiceFilter(
        choices=CauseCategory.choices, help_text="Cause category; repeat for several."
    )
    urgency = MultipleChoiceFilter(
        choices=Urgency.choices,
        help_text="How strongly the source says to see a doctor; repeat for several.",
    )
    search = SearchFilter(
        help_text="Text to find in the cause's name, other name, summary or explanation."
    )
    code = CodeFilter()
    ordering = ordering(
        "position",
        "name",
        "matched_symptoms",
        default=(
            "the source's order (`position`), or `-matched_symptoms` when `symptom` is "
            "given, after the causes that `text` names. `matched_symptoms` has no effect "
            "without `symptom` or `text`"
        ),
    )

    class Meta:
        model = Cause
        fields = [
            "symptom",
            "symptom_match",
            "text",
            "condition",
            "category",
            "urgency",
            "search",
            "code",
        ]

    def filter_queryset(self, queryset: CauseQuerySet) -> CauseQuerySet:
        return super().filter_queryset(self.rank(queryset))

    def rank(self, queryset: CauseQuerySet) -> CauseQuerySet:
        """The causes of the asked symptoms, and those the text names, ranked."""
        data = self.form.cleaned_data
        symptoms = [symptom.pk for symptom in data.get("symptom") or []]
        named: list[int] = []
        present: list[int] = []
        if data.get("text"):
            recognition = current_vocabulary().recognize(data["text"])
            # Entries read from the database have keys; only bench.recognition's have none.
            named = [cause.pk for cause in recognition.named_causes if cause.pk is not None]
            present = [s.pk for s in recognition.present_symptoms if s.pk is not None]
            if not named and not present:
                return queryset.none()
            symptoms += [pk for pk in present if pk not in symptoms]
        if not symptoms and not named:
            return queryset
        match_all = data.get("symptom_match") == SymptomMatch.ALL
        queryset = queryset.matching_symptoms(symptoms, match_all=match_all, named=named)
        if data.get("text"):
            queryset = queryset.with_text_match(named=named, present=present)
        return queryset

    def applied_by_rank(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        # rank() has read the value, with the others it needs, before any filter ran.
        return queryset

    def filter_conditions(self, queryset: QuerySet, name: str, conditions: QuerySet) -> QuerySet:
        # A subquery, not a join: a cause is one row however many conditions list it.
        shared = SharedCause.objects.filter(cause=OuterRef("pk"), condition__in=conditions)
        return queryset.filter(Q(condition__in=conditions) | Exists(shared))


class SymptomFilterSet(FilterSet):
    red_flag = BooleanFilter(
        help_text="`true` for warning signs that call for a doctor, `false` for the others."
    )
    cause = SlugMultipleChoiceFilter(
        field_name="causes",
        queryset=Cause.objects.all(),
        help_text="Cause slug: symptoms that come with that cause; repeat for several.",
    )
    search = SearchFilter(help_text="Text to find in the symptom's name or description.")
    code = CodeFilter()
    ordering = ordering("name", default="`name`")

    class Meta:
        model = Symptom
        fields = ["red_flag", "cause", "search", "code"]


class AdviceFilterSet(FilterSet):
    """Lifestyle tips and treatments both address conditions and some of their causes."""

    cause = SlugMultipleChoiceFilter(
        field_name="causes",
        queryset=Cause.objects.all(),
        help_text="Cause slug: only what the source gives for that cause; repeat for several.",
    )
    condition = SlugMultipleChoiceFilter(
        field_name="conditions",
        queryset=Condition.objects.all(),
        help_text="Condition slug; repeat for several.",
    )


class LifestyleTipFilterSet(AdviceFilterSet):
    search = SearchFilter(help_text="Text to find in the tip's title or advice.")
    ordering = ordering("position", "title", default="the source's order (`position`)")

    class Meta:
        model = LifestyleTip
        fields = ["cause", "condition", "search"]


class TreatmentFilterSet(AdviceFilterSet):
    kind = MultipleChoiceFilter(
        choices=TreatmentKind.choices, help_text="Kind of treatment; repeat for several."
    )
    search = SearchFilter(help_text="Text to find in the treatment's name or description.")
    ordering = ordering("position", "name", default="the source's order (`position`)")

    class Meta:
        model = Treatment
        fields = ["cause", "condition", "kind", "search"]
