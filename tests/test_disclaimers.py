"""Every object of content carries its condition's medical disclaimer, for a frontend to show."""

import pytest
from django.conf import settings

from causes.models import Condition, Symptom
from tests.utils import DETAIL_URLS, LIST_URLS


@pytest.fixture
def disclaimer(db) -> str:
    return Condition.objects.get(slug="muscle-twitching").disclaimer


@pytest.mark.parametrize("url", LIST_URLS)
def test_every_listed_object_carries_its_conditions_disclaimer(api_client, disclaimer, url):
    results = api_client.get(url, {"page_size": 100}).json()["results"]

    assert results
    assert all(item["disclaimer"] == disclaimer for item in results)


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_every_object_detail_carries_its_conditions_disclaimer(api_client, disclaimer, url):
    assert api_client.get(url).json()["disclaimer"] == disclaimer


def test_an_object_of_several_conditions_shows_each_disclaimer_once(api_client, disclaimer):
    cramps = Condition.objects.get(slug="muscle-twitching")
    cramps.pk, cramps.slug, cramps.name = None, "muscle-cramps", "Muscle cramps"
    cramps.disclaimer = "Another disclaimer."
    cramps.save()
    cramps.warning_signs.set(Symptom.objects.filter(slug="weakness"))

    body = api_client.get("/api/v1/symptoms/weakness/").json()

    # Warning signs first (conditions by name), then the conditions of the symptom's causes.
    assert body["disclaimer"] == f"Another disclaimer.\n\n{disclaimer}"


def test_content_of_no_condition_shows_the_apis_own_disclaimer(api_client):
    Symptom.objects.create(slug="tremor", name="Tremor")

    body = api_client.get("/api/v1/symptoms/tremor/").json()

    assert body["disclaimer"] == settings.MEDICAL_DISCLAIMER
