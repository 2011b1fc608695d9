from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Load every content fixture (*.yaml in FIXTURE_DIRS) in one transaction: all of "
        "it or, on any error, nothing. Loading again updates records in place by slug."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        fixtures = sorted(
            str(path) for folder in settings.FIXTURE_DIRS for path in Path(folder).glob("*.yaml")
        )
        if not fixtures:
            raise CommandError(f"No *.yaml fixtures in {settings.FIXTURE_DIRS}.")
        # One loaddata call is one transaction, and resolves slugs across files.
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
