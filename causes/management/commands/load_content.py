from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from causes.content import FixtureError, load


class Command(BaseCommand):
    help = (
        "Load content fixtures (by default every *.yaml in FIXTURE_DIRS) in one transaction, "
        "validating each record first: all of it or, on any error, nothing. Loading again "
        "updates records in place by slug. Content that is in no fixture is listed, and "
        "deleted only with --prune."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Fixture files to load.")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete content that is in no fixture, so that the database equals them.",
        )

    def handle(self, *args: Any, files: list[Path], prune: bool, **options: Any) -> None:
        files = files or sorted(
            path for folder in settings.FIXTURE_DIRS for path in Path(folder).glob("*.yaml")
        )
        if not files:
            raise CommandError(f"No *.yaml fixtures in {settings.FIXTURE_DIRS}.")
        try:
            result = load(files, prune=prune)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Loaded {result.loaded} records from {len(files)} files.")
        if result.links_removed:
            self.stderr.write(
                f"Links no longer in the fixtures, removed: {', '.join(result.links_removed)}"
            )
        if result.not_in_fixtures:
            action = "Removed" if result.removed else "Kept (not in any fixture; --prune removes)"
            self.stderr.write(f"{action}: {', '.join(result.not_in_fixtures)}")
