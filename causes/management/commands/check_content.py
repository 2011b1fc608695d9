from typing import Any

from django.core.management.base import BaseCommand, CommandError

from causes.content import check


class Command(BaseCommand):
    help = (
        "Check every record of content in the database by the rules that loading applies "
        "(fields, evidence, links), and list what fails. For a database whose content was "
        "not all loaded from the fixtures: after an upgrade, or edits through the admin."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = check()
        if problems:
            raise CommandError(f"{len(problems)} records break the rules:\n" + "\n".join(problems))
        if options["verbosity"] >= 1:
            self.stdout.write("Every record of content passes.")
