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
        if not self.lay_terms or not isinstance(self.lay_terms, list):
            return []  # none to check; a value that is no list is the field's to report
        problems = []
        others = terms_by_key(but=self)
        seen: set[tuple[str, ...]] = set()
        for term in self.lay_terms:
            key = term_key(term) if isinstance(term, str) else None
            if key is None:
                continue  # the field's own validation reports it
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


def terms_by_key(
    *, but: models.Model | None = None, lay_terms_only: bool = False
) -> dict[tuple[str, ...], str]:
    """
    What each term names, by the term's key: the names, other names and lay terms of
    every symptom and cause, and their examples' names (or only the lay terms), but
    those of `but` (a symptom or cause, and a cause's examples).
    """
    from .causes import Cause, Example
    from .symptoms import Symptom

    owners: dict[tuple[str, ...], str] = {}
    for model in (Symptom, Cause):
        records = model._default_manager.all()
        if but is not None and isinstance(but, model):
            records = records.exclude(pk=but.pk)
        if lay_terms_only:
            records = records.exclude(lay_terms=[])
        noun = model._meta.verbose_name
        for slug, name, alternatives, lay in records.values_list(
            "slug", "name", "alternative_names", "lay_terms"
        ):
            for term in lay if lay_terms_only else [name, *alternatives, *lay]:
                owners.setdefault(term_key(term), f"the {noun} {slug!r}")
    if not lay_terms_only:
        examples = Example.objects.all()
        if isinstance(but, Cause):
            examples = examples.exclude(cause=but.pk)
        for cause, name in examples.values_list("cause__slug", "name"):
            owners.setdefault(term_key(name), f"an example of the cause {cause!r}")
    return owners
