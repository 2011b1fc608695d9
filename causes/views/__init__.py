"""The API's views: content (causes.views.content) and editorial governance (editorial)."""

from .content import (
    CauseViewSet,
    ConditionViewSet,
    ContentViewSet,
    LifestyleTipViewSet,
    ReadOnlyContentViewSet,
    SourceViewSet,
    SymptomViewSet,
    TreatmentViewSet,
)
from .editorial import ChangeSetViewSet, ChangesView
from .infobutton import InfobuttonView
from .recognition import RecognitionView

__all__ = [
    "CauseViewSet",
    "ChangeSetViewSet",
    "ChangesView",
    "ConditionViewSet",
    "ContentViewSet",
    "InfobuttonView",
    "LifestyleTipViewSet",
    "ReadOnlyContentViewSet",
    "RecognitionView",
    "SourceViewSet",
    "SymptomViewSet",
    "TreatmentViewSet",
]
