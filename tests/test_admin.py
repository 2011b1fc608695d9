"""Editors browse, search and edit all content in the Django admin."""

import pytest
from django.urls import reverse

from causes.models import Cause, Condition, LifestyleTip, Source, Symptom, Treatment

MODELS = [Source, Condition, Cause, Symptom, LifestyleTip, Treatment]


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_has_a_searchable_list_and_an_edit_page(editor_client, model):
    changelist = reverse(f"admin:causes_{model._meta.model_name}_changelist")
    record = model.objects.first()

    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(changelist, {"q": str(record)[:5]}).status_code == 200
    change = editor_client.get(
        reverse(f"admin:causes_{model._meta.model_name}_change", args=[record.pk])
    )
    assert change.status_code == 200


def test_cause_page_edits_examples_tips_and_treatments_inline(editor_client):
    cause = Cause.objects.get(slug="certain-medications")

    html = editor_client.get(reverse("admin:causes_cause_change", args=[cause.pk])).content.decode()

    assert "Corticosteroids" in html
    assert "Some medications, such as corticosteroids and diuretics" in html  # its evidence
    assert "Adjusting your dosage" in html
    assert "Lifestyle tips" in html


def test_condition_page_lists_its_causes_and_warning_signs_inline(editor_client):
    condition = Condition.objects.get(slug="muscle-twitching")

    html = editor_client.get(
        reverse("admin:causes_condition_change", args=[condition.pk])
    ).content.decode()

    assert "Nerve compression" in html
    assert "Warning signs" in html


def test_source_page_lists_its_related_articles(editor_client):
    source = Source.objects.get()

    html = editor_client.get(
        reverse("admin:causes_source_change", args=[source.pk])
    ).content.decode()

    assert "What causes muscle cramps" in html


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_admin_reads_content_but_never_changes_it(editor_client, model):
    """Every change is a draft that a second person reviews: the admin is no way around it."""
    record = model.objects.first()
    change = reverse(f"admin:causes_{model._meta.model_name}_change", args=[record.pk])
    before = {field.attname: getattr(record, field.attname) for field in model._meta.fields}

    response = editor_client.post(change, {"slug": "changed", "name": "Changed", "title": "X"})
    added = editor_client.get(reverse(f"admin:causes_{model._meta.model_name}_add"))

    assert response.status_code == 403
    assert added.status_code == 403
    record.refresh_from_db()
    assert {field.attname: getattr(record, field.attname) for field in model._meta.fields} == before


def test_the_admin_shows_an_objects_history(editor_client):
    weakness = Symptom.objects.get(slug="weakness")

    html = editor_client.get(
        reverse("admin:causes_symptom_history", args=[weakness.pk])
    ).content.decode()

    assert "Loaded from the fixtures." in html
    assert "content-loader" in html
