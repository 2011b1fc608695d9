from typing import Any

from django.core.management.base import BaseCommand, CommandError

from causes.content import check
from causes.recognition.index import build_vocabulary


class Command(BaseCommand):
    help = (
        "Check every record of content in the database by the rules that loading applies "
        "(fields, evidence, links, terms), and list what fails; then list, for review and "
        "without failing, the terms that hold another record's term. For a database whose "
        "content was not all loaded from the fixtures: after an upgrade, or edits through "
        "the admin."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = check()
        if problems:
            raise CommandError(f"{len(problems)} records break the rules:\n" + "\n".join(problems))
        if options["verbosity"] >= 1:
            self.stdout.write("Every record of content passes.")
            nested = build_vocabulary().terms_within_terms()
            if nested:
                self.stdout.write(
                    f"{len(nested)} terms hold another record's term (to review; the longer "
                    "term wins where a text spells it all):\n" + "\n".join(nested)
                )
