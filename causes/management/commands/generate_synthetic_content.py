from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from causes.synthetic import (
    SYMPTOMS_PER_CAUSE,
    SYNTHETIC_PREFIX,
    generate,
    remove_synthetic_content,
)


class Command(BaseCommand):
    help = (
        "Replace the synthetic content (slugs starting with "
        f"'{SYNTHETIC_PREFIX}') with a new set of the given size, for load tests and "
        "benchmarks. It is not medical content; never load it beside real content that "
        "you mean to export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--causes", type=int, default=10_000)
        parser.add_argument("--symptoms", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same content.")
        parser.add_argument(
            "--remove", action="store_true", help="Only delete the synthetic content."
        )

    def handle(
        self, *args: Any, causes: int, symptoms: int, seed: int, remove: bool, **options: Any
    ) -> None:
        if remove:
            remove_synthetic_content()
            self.stdout.write("Removed the synthetic content.")
            return
        if causes < 1 or symptoms < SYMPTOMS_PER_CAUSE[1]:
            raise CommandError(f"Give at least 1 cause and {SYMPTOMS_PER_CAUSE[1]} symptoms.")
        counts = generate(causes=causes, symptoms=symptoms, seed=seed)
        # Planner statistics for the new rows: without them, PostgreSQL plans the filters
        # as for the small tables it last measured.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated synthetic content: {counts.conditions} conditions, {counts.causes} "
            f"causes, {counts.symptoms} symptoms, {counts.symptom_links} cause-symptom links."
        )
