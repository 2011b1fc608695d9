"""
Synthetic content for measuring the API at scale: many conditions, causes and
symptoms with link counts like the real content's, made with bulk inserts.

It is not medical content, and says so: every slug starts with `synthetic-`,
every name with "Synthetic", and each condition's disclaimer says what it is. It
quotes no source: its evidence is empty, which `check_content` would report.
`export_content` refuses a database that holds any, so that it never reaches
the fixtures.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

from .caching import bump_version
from .choices import (
    CauseCategory,
    ExampleKind,
    LinkStrength,
    SymptomLinkKind,
    TreatmentKind,
    Urgency,
)
from .models import (
    Cause,
    CauseSymptom,
    Condition,
    Example,
    LifestyleTip,
    Source,
    Symptom,
    Treatment,
    WarningSign,
)

SYNTHETIC_PREFIX = "synthetic-"
SYNTHETIC_DISCLAIMER = "Synthetic data made for load tests. It is not medical content."
CAUSES_PER_CONDITION = 100
# Per cause, like the real content (1 to 5 symptoms, up to 3 examples).
SYMPTOMS_PER_CAUSE = (1, 6)
EXAMPLES_PER_CAUSE = (0, 3)
# Per condition: tips and treatments, each addressing a few of its causes.
ADVICE_PER_CONDITION = 5
CAUSES_PER_ADVICE = (0, 4)
WORDS = (
    "tremor",
    "spasm",
    "fatigue",
    "tension",
    "nerve",
    "signal",
    "mineral",
    "sleep",
    "stress",
    "caffeine",
    "fluid",
    "muscle",
    "reflex",
    "injury",
    "medication",
    "deficiency",
    "imbalance",
    "inflammation",
)


@dataclass
class SyntheticCounts:
    conditions: int
    causes: int
    symptoms: int
    symptom_links: int


def has_synthetic_content() -> bool:
    return Condition.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists()


def remove_synthetic_content() -> None:
    """Delete every synthetic row, dependents first (causes protect their condition)."""
    for model in (LifestyleTip, Treatment, Cause, Condition, Symptom, Source):
        model._default_manager.filter(slug__startswith=SYNTHETIC_PREFIX).delete()


@transaction.atomic
def generate(*, causes: int, symptoms: int, seed: int = 0) -> SyntheticCounts:
    """Replace any synthetic content with new content of this size, all or nothing."""
    rng = random.Random(seed)
    remove_synthetic_content()

    def text(number: int) -> str:
        return " ".join(rng.sample(WORDS, 4)) + f" (synthetic {number})"

    condition_count = max(1, -(-causes // CAUSES_PER_CONDITION))
    conditions = Condition.objects.bulk_create(
        Condition(
            slug=f"{SYNTHETIC_PREFIX}condition-{n}",
            name=f"Synthetic condition {n}",
            summary=text(n),
            overview=text(n),
            outlook=text(n),
            when_to_see_doctor=text(n),
            disclaimer=SYNTHETIC_DISCLAIMER,
        )
        for n in range(1, condition_count + 1)
    )
    source = Source.objects.create(
        slug=f"{SYNTHETIC_PREFIX}source",
        title="Synthetic article",
        author="Synthetic",
        publisher="Synthetic",
        published_on=datetime.date(2000, 1, 1),
        reading_minutes=1,
        text_file="",
        checksum="",
    )
    Condition.sources.through.objects.bulk_create(
        Condition.sources.through(condition=condition, source=source) for condition in conditions
    )
    symptom_rows = Symptom.objects.bulk_create(
        Symptom(
            slug=f"{SYNTHETIC_PREFIX}symptom-{n}",
            name=f"Synthetic symptom {n}",
            description=text(n),
        )
        for n in range(1, symptoms + 1)
    )
    # Every tenth symptom is a warning sign (a red flag) of the first condition.
    WarningSign.objects.bulk_create(
        WarningSign(condition=conditions[0], symptom=symptom, strength=LinkStrength.SHOULD)
        for symptom in symptom_rows[9::10]
    )
    categories, urgencies = list(CauseCategory), list(Urgency)
    cause_rows = Cause.objects.bulk_create(
        Cause(
            slug=f"{SYNTHETIC_PREFIX}cause-{n}",
            name=f"Synthetic cause {n}",
            condition=conditions[(n - 1) // CAUSES_PER_CONDITION],
            position=(n - 1) % CAUSES_PER_CONDITION + 1,
            category=categories[n % len(categories)],
            urgency=urgencies[n % len(urgencies)],
            summary=text(n),
            explanation=text(n),
            advice=text(n),
        )
        for n in range(1, causes + 1)
    )
    symptom_links = [
        CauseSymptom(cause=cause, symptom=symptom, kind=SymptomLinkKind.PRODUCES)
        for cause in cause_rows
        for symptom in rng.sample(symptom_rows, rng.randint(*SYMPTOMS_PER_CAUSE))
    ]
    CauseSymptom.objects.bulk_create(symptom_links)
    Example.objects.bulk_create(
        Example(cause=cause, name=f"Synthetic example {n}", kind=rng.choice(list(ExampleKind)))
        for cause in cause_rows
        for n in range(rng.randint(*EXAMPLES_PER_CAUSE))
    )
    _generate_advice(rng, conditions, cause_rows)
    # Bulk inserts send no signals: the response caches learn of the change here.
    transaction.on_commit(bump_version)
    return SyntheticCounts(len(conditions), len(cause_rows), len(symptom_rows), len(symptom_links))


def _generate_advice(rng: random.Random, conditions: list[Condition], causes: list[Cause]) -> None:
    tips: list[LifestyleTip] = []
    treatments: list[Treatment] = []
    tip_causes: list[list[Cause]] = []
    treatment_causes: list[list[Cause]] = []
    for index in range(len(conditions)):
        own_causes = causes[index * CAUSES_PER_CONDITION : (index + 1) * CAUSES_PER_CONDITION]
        for position in range(1, ADVICE_PER_CONDITION + 1):
            number = index * ADVICE_PER_CONDITION + position
            tips.append(
                LifestyleTip(
                    slug=f"{SYNTHETIC_PREFIX}tip-{number}",
                    title=f"Synthetic tip {number}",
                    advice=f"Synthetic advice {number}",
                    position=position,
                )
            )
            treatments.append(
                Treatment(
                    slug=f"{SYNTHETIC_PREFIX}treatment-{number}",
                    name=f"Synthetic treatment {number}",
                    kind=rng.choice(list(TreatmentKind)),
                    description=f"Synthetic treatment {number}",
                    position=position,
                )
            )
            tip_causes.append(rng.sample(own_causes, rng.randint(*CAUSES_PER_ADVICE)))
            treatment_causes.append(rng.sample(own_causes, rng.randint(*CAUSES_PER_ADVICE)))
    _insert_advice(LifestyleTip, tips, tip_causes, conditions)
    _insert_advice(Treatment, treatments, treatment_causes, conditions)


_Advice = TypeVar("_Advice", LifestyleTip, Treatment)


def _insert_advice(
    model: type[_Advice],
    rows: Sequence[_Advice],
    linked: list[list[Cause]],
    conditions: list[Condition],
) -> None:
    """Tips or treatments, with their links to their conditions and to `linked` causes."""
    model.objects.bulk_create(rows)
    condition_link, cause_link = model.condition_links.field, model.cause_links.field
    condition_link.model._default_manager.bulk_create(
        condition_link.model(
            **{condition_link.name: row}, condition=conditions[i // ADVICE_PER_CONDITION]
        )
        for i, row in enumerate(rows)
    )
    cause_link.model._default_manager.bulk_create(
        cause_link.model(**{cause_link.name: row}, cause=cause)
        for row, row_causes in zip(rows, linked, strict=True)
        for cause in row_causes
    )
