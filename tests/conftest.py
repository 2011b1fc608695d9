import uuid

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> None:
    """The real content, loaded once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture
def api_client(db: None) -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _own_cache(settings) -> None:
    """Each test starts with an empty cache of its own, so throttle counts do not carry over."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        }
    }
