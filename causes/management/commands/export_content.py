import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from causes.content import export


class Command(BaseCommand):
    help = (
        "Write all content as one YAML fixture with slugs for keys (to stdout, or to "
        "--output). `load_content` reads it back to the same content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="File to write instead of stdout.")

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        if output is None:
            export(sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as stream:
            export(stream)
