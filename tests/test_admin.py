"""Editors browse, search and edit all content in the Django admin."""

import json

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


def test_a_quote_that_is_not_in_its_source_is_refused_in_the_admin_too(editor_client):
    weakness = Symptom.objects.get(slug="weakness")
    evidence = [
        {"source": "what-causes-muscle-twitching", "quote": "Weakness is rare.", "locator": "x"}
    ]

    response = editor_client.post(
        reverse("admin:causes_symptom_change", args=[weakness.pk]),
        {
            "slug": "weakness",
            "name": "Weakness",
            "alternative_names": "[]",
            "description": "",
            "evidence": json.dumps(evidence),
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "Not found in the source" in response.content.decode()
    assert Symptom.objects.get(slug="weakness").evidence != evidence


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("admin:causes_cause_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
