from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from ..recognition.words import term_key
from .base import ContentModel, validate_name_list


class TermedModel(ContentModel):
    """
    Content that people name in words of their own, kept as `lay_terms`: vocabulary for
    recognising typed text (causes.recognition), not a claim, so it needs no quote; but
    each lay term names exactly one record, compared as recognition compares words.
    """

    lay_terms = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_name_list],
        help_text=(
            "Words people use for this that the source does not, such as “pins and "
            "needles”: for recognising typed text, not a medical claim. Each names this "
            "record and no other."
        ),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        problems = self.lay_term_problems()
        if problems:
            errors.setdefault("lay_terms", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def lay_term_problems(self) -> list[str]:
        if not isinstance(self.lay_terms, list) or not all(
            isinstance(term, str) for term in self.lay_terms
        ):
            return []  # the field's own validation reports it
        problems = []
        others = other_terms(self)
        seen: set[tuple[str, ...]] = set()
        for term in self.lay_terms:
            key = term_key(term)
            if not key:
                problems.append(f"“{term}” has no word that tells one term from another.")
            elif key in seen:
                problems.append(f"“{term}” is here twice (in some form).")
            elif key in others:
                problems.append(
                    f"“{term}” already names {others[key]}: a lay term names exactly one record."
                )
            seen.add(key)
        return problems


def lay_term_owners(but_cause: int | None = None) -> dict[tuple[str, ...], str]:
    """The record that each lay term names, by the term's key (but those of one cause)."""
    from .causes import Cause
    from .symptoms import Symptom

    owners: dict[tuple[str, ...], str] = {}
    for model in (Symptom, Cause):
        records = model._default_manager.all()
        if model is Cause and but_cause is not None:
            records = records.exclude(pk=but_cause)
        for slug, lay in records.values_list("slug", "lay_terms"):
            for term in lay:
                owners.setdefault(term_key(term), f"the {model._meta.verbose_name} {slug!r}")
    return owners


def other_terms(instance: TermedModel) -> dict[tuple[str, ...], str]:
    """Every term of every other symptom and cause, and of their examples, by its key."""
    from .causes import Cause, Example
    from .symptoms import Symptom

    terms: dict[tuple[str, ...], str] = {}
    for model in (Symptom, Cause):
        records = model._default_manager.all()
        if isinstance(instance, model) and instance.pk is not None:
            records = records.exclude(pk=instance.pk)
        noun = model._meta.verbose_name
        for slug, name, alternatives, lay in records.values_list(
            "slug", "name", "alternative_names", "lay_terms"
        ):
            for term in (name, *alternatives, *lay):
                terms.setdefault(term_key(term), f"the {noun} {slug!r}")
    examples = Example.objects.all()
    if isinstance(instance, Cause) and instance.pk is not None:
        examples = examples.exclude(cause=instance.pk)
    for cause, name in examples.values_list("cause__slug", "name"):
        terms.setdefault(term_key(name), f"an example of the cause {cause!r}")
    return terms
