"""The planned representation (causes.serializers) gives exactly what DRF's own would."""

import pytest
from rest_framework import serializers as drf

from causes import serializers
from causes.models import Cause, Condition, LifestyleTip, Source, Symptom, Treatment

READ_SERIALIZERS = [
    (serializers.ConditionSerializer, Condition),
    (serializers.ConditionDetailSerializer, Condition),
    (serializers.CauseSerializer, Cause),
    (serializers.CauseDetailSerializer, Cause),
    (serializers.SymptomSerializer, Symptom),
    (serializers.SymptomDetailSerializer, Symptom),
    (serializers.LifestyleTipSerializer, LifestyleTip),
    (serializers.LifestyleTipDetailSerializer, LifestyleTip),
    (serializers.TreatmentSerializer, Treatment),
    (serializers.TreatmentDetailSerializer, Treatment),
    (serializers.SourceSerializer, Source),
    (serializers.SourceDetailSerializer, Source),
    (serializers.SymptomWriteSerializer, Symptom),
    (serializers.LifestyleTipWriteSerializer, LifestyleTip),
    (serializers.ConditionWriteSerializer, Condition),
    (serializers.CauseWriteSerializer, Cause),
    (serializers.TreatmentWriteSerializer, Treatment),
]


@pytest.mark.parametrize(("serializer_class", "model"), READ_SERIALIZERS)
def test_planned_representation_equals_drfs(db, serializer_class, model):
    objects = list(model.objects.for_detail())
    assert objects

    for obj in objects:
        serializer = serializer_class(obj)
        assert serializer.data == drf.Serializer.to_representation(serializer, obj)


def test_a_null_value_is_represented_as_null(db):
    cause = Cause.objects.for_list().get(slug="als")

    assert serializers.CauseSerializer(cause).data["matched_symptoms"] is None
