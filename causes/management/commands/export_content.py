import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from causes.content import export
from causes.synthetic import has_synthetic_content


class Command(BaseCommand):
    help = (
        "Write all content as one YAML fixture with slugs for keys (to stdout, or to "
        "--output). `load_content` reads it back to the same content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="File to write instead of stdout.")

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        if has_synthetic_content():
            raise CommandError(
                "This database holds synthetic content, which must never reach the fixtures. "
                "Export from a database without it, or run "
                "`generate_synthetic_content --remove` first."
            )
        if output is None:
            export(sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as stream:
            export(stream)
