"""
Synthetic content for measuring the API at scale: many conditions, causes and
symptoms with link counts like the real content's, made with bulk inserts.

It is not medical content, and says so: every slug starts with `synthetic-`,
every name with "Synthetic", and each condition's disclaimer says what it is.
`export_content` refuses a database that holds any, so that it never reaches
the fixtures.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from .caching import bump_version
from .choices import CauseCategory, ExampleKind, TreatmentKind, Urgency
from .models import Cause, Condition, Example, LifestyleTip, Symptom, Treatment

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
    for model in (LifestyleTip, Treatment, Cause, Condition, Symptom):
        model.objects.filter(slug__startswith=SYNTHETIC_PREFIX).delete()


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
            source_title=f"Synthetic article {n}",
            source_author="Synthetic",
            source_published_on=datetime.date(2000, 1, 1),
            source_reading_minutes=1,
            source_publisher="Synthetic",
        )
        for n in range(1, condition_count + 1)
    )
    symptom_rows = Symptom.objects.bulk_create(
        Symptom(
            slug=f"{SYNTHETIC_PREFIX}symptom-{n}",
            name=f"Synthetic symptom {n}",
            description=text(n),
            red_flag=n % 10 == 0,
        )
        for n in range(1, symptoms + 1)
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
        Cause.symptoms.through(cause=cause, symptom=symptom)
        for cause in cause_rows
        for symptom in rng.sample(symptom_rows, rng.randint(*SYMPTOMS_PER_CAUSE))
    ]
    Cause.symptoms.through.objects.bulk_create(symptom_links)
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
    tips, treatments, tip_causes, treatment_causes = [], [], [], []
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
    for model, rows, linked in (
        (LifestyleTip, tips, tip_causes),
        (Treatment, treatments, treatment_causes),
    ):
        model.objects.bulk_create(rows)
        model.conditions.through.objects.bulk_create(
            model.conditions.through(
                **{model._meta.model_name: row}, condition=conditions[i // ADVICE_PER_CONDITION]
            )
            for i, row in enumerate(rows)
        )
        model.causes.through.objects.bulk_create(
            model.causes.through(**{model._meta.model_name: row}, cause=cause)
            for row, row_causes in zip(rows, linked, strict=True)
            for cause in row_causes
        )
