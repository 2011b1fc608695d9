"""
The content model. A condition (a topic such as muscle twitching) restates one or
more sources and has causes; causes come with symptoms; lifestyle tips and
treatments address conditions and causes. Every object and every relationship
that makes a medical statement carries the quotes it rests on (`evidence`).
Adding a condition is new fixtures, never new code.

Every model has a natural key, so that fixtures refer to each other by slug and
loading them twice changes nothing.
"""

from .advice import LifestyleTip, Treatment
from .base import (
    CodedModel,
    ContentModel,
    ContentQuerySet,
    SluggedModel,
    UpdatedAtField,
    search_document,
    validate_tag_list,
)
from .causes import Cause, Example
from .conditions import CONDITION_TEXTS, Condition
from .editorial import Change, ChangeSet, Draft, Publication
from .links import (
    CauseSymptom,
    Link,
    SharedCause,
    TipCause,
    TipCondition,
    TreatmentCause,
    TreatmentCondition,
    WarningSign,
)
from .sources import RelatedArticle, Source
from .symptoms import Symptom

__all__ = [
    "CONDITION_TEXTS",
    "Cause",
    "CauseSymptom",
    "Change",
    "ChangeSet",
    "CodedModel",
    "Condition",
    "ContentModel",
    "ContentQuerySet",
    "Draft",
    "Example",
    "LifestyleTip",
    "Link",
    "Publication",
    "RelatedArticle",
    "SharedCause",
    "SluggedModel",
    "Source",
    "Symptom",
    "TipCause",
    "TipCondition",
    "Treatment",
    "TreatmentCause",
    "TreatmentCondition",
    "UpdatedAtField",
    "WarningSign",
    "search_document",
    "validate_tag_list",  # migration 0001 refers to it here
]
