"""
The words that name symptoms and causes: their names, other names and lay terms, and a
cause's named examples. Recognition (causes.recognition) reads free text by them, so
each term must name one record:

- two records of one kind cannot share a name or other name, in any form (a cause's
  examples are among its names); a symptom and a cause may, as the article's "fatigue"
  is both, since recognition answers for each kind apart;
- a lay term names exactly one record of either kind.

These compare a record with the others, so they are uniqueness rules
(`validate_unique`): the loader applies them once every record of the fixtures is in
place, the admin and the API on each write, check_content to all content.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.core.exceptions import ValidationError
from django.db import models

from ..recognition.words import term_key, words
from .base import CodedModel, validate_name_list, validate_with

Key = tuple[str, ...]
SHARED_NAME = "records of one kind cannot share a name"
SHARED_TERM = "a lay term names one record"


class TermedModel(CodedModel):
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
        validate_with(super().clean, {"lay_terms": self.lay_term_problems()})

    def coded_names(self) -> list[str]:
        return [*self.names(), *_strings(self.lay_terms)]

    def lay_term_problems(self) -> list[str]:
        """What is wrong with the lay terms in themselves (validate_unique: with others)."""
        problems = []
        seen: set[Key] = set()
        for term in _strings(self.lay_terms):
            key = term_key(term)
            if not key:
                problems.append(f"“{term}” has no word that tells one term from another.")
            elif len(key) == 1 and len(words(term)) > 1:
                # Recognition skips small words, so the term would match its one word alone.
                problems.append(
                    f"“{term}” is one word ({key[0]!r}) with small words that recognition "
                    "skips: it would match that word alone. Use the word alone, or add a "
                    "word that tells it apart."
                )
            elif key in seen:
                problems.append(f"“{term}” is here twice (in some form).")
            seen.add(key)
        return problems

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        exclude = exclude or ()
        names = name_owners(type(self), but=self)
        fields = {
            self.name_field: ([getattr(self, self.name_field)], names, SHARED_NAME),
            "alternative_names": (_strings(self.alternative_names), names, SHARED_NAME),
            "lay_terms": (_strings(self.lay_terms), every_term_owner(but=self), SHARED_TERM),
        }
        validate_terms_unique(super().validate_unique, exclude, fields)


def validate_terms_unique(
    inherited: Callable[[Collection[str] | None], None],
    exclude: Collection[str],
    fields: dict[str, tuple[list[str], dict[Key, str], str]],
) -> None:
    """
    Django's uniqueness checks (`inherited`), and for each field not in `exclude`, that
    none of its terms (field: terms, what others' terms name, the rule) is another's.
    """
    errors: dict = {}
    try:
        inherited(exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, (terms, owners, rule) in fields.items():
        if field in exclude:
            continue
        for term in terms:
            key = term_key(term)
            if key and key in owners:
                errors.setdefault(field, []).append(
                    f"“{term}” already names {owners[key]}: {rule}."
                )
    if errors:
        raise ValidationError(errors)


def _strings(values: object) -> list[str]:
    # A value that is no list of strings is the field's own validation to report.
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, str)]


def term_owners(
    model: type[models.Model], *, but: models.Model | None = None, lay_terms_only: bool = False
) -> dict[Key, str]:
    """
    What each term of `model` (Symptom or Cause) names, by the term's key: the names,
    other names and lay terms of its records, and a cause's examples' names (or only
    the lay terms); but those of `but` (a record, with a cause's examples).
    """
    from .causes import Cause, Example

    owners: dict[Key, str] = {}
    records = model._default_manager.all()
    if isinstance(but, model):
        records = records.exclude(pk=but.pk)
    if lay_terms_only:
        records = records.exclude(lay_terms=[])
    noun = model._meta.verbose_name
    for slug, name, alternatives, lay in records.values_list(
        "slug", "name", "alternative_names", "lay_terms"
    ):
        for term in lay if lay_terms_only else [name, *alternatives, *lay]:
            owners.setdefault(term_key(term), f"the {noun} {slug!r}")
    if model is Cause and not lay_terms_only:
        examples = Example.objects.all()
        if isinstance(but, Cause):
            examples = examples.exclude(cause=but.pk)
        for cause, name in examples.values_list("cause__slug", "name"):
            owners.setdefault(term_key(name), f"an example of the cause {cause!r}")
    return owners


def every_term_owner(*, but: models.Model | None = None) -> dict[Key, str]:
    """term_owners() of symptoms and causes together."""
    from .causes import Cause
    from .symptoms import Symptom

    return {**term_owners(Cause, but=but), **term_owners(Symptom, but=but)}


def name_owners(model: type[models.Model], *, but: models.Model | None = None) -> dict[Key, str]:
    """What a name of a `model` record must not be: any term of its kind, any lay term."""
    from .causes import Cause
    from .symptoms import Symptom

    lay_terms = {
        **term_owners(Cause, but=but, lay_terms_only=True),
        **term_owners(Symptom, but=but, lay_terms_only=True),
    }
    return {**lay_terms, **term_owners(model, but=but)}
