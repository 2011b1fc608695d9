"""Editors browse, search and edit all content in the Django admin."""

import pytest
from django.urls import reverse

from causes.models import Cause, Condition, LifestyleTip, Symptom, Treatment

MODELS = [Condition, Cause, Symptom, LifestyleTip, Treatment]


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
    assert "Treatments for this cause" in html
    assert "Lifestyle tips for this cause" in html


def test_condition_page_lists_its_causes_and_related_articles_inline(editor_client):
    condition = Condition.objects.get(slug="muscle-twitching")

    html = editor_client.get(
        reverse("admin:causes_condition_change", args=[condition.pk])
    ).content.decode()

    assert "Nerve compression" in html
    assert "What causes muscle cramps" in html


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("admin:causes_cause_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
