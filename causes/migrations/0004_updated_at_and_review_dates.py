from django.db import migrations, models

MODELS = ["symptom", "condition", "cause", "lifestyletip", "treatment"]
SEARCH_INDEXES = {
    "symptom": "symptom_search",
    "condition": "condition_search",
    "cause": "cause_search",
    "lifestyletip": "lifestyle_tip_search",
    "treatment": "treatment_search",
}


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0003_order_by_condition_key"),
    ]

    operations = [
        # The full-text indexes stay in PostgreSQL (0002 built them there) but leave the
        # model state: SQLite rebuilds a table from the state to add a column, and would
        # try to build them (see ContentQuerySet.search_fields).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name=model, name=name)
                for model, name in SEARCH_INDEXES.items()
            ]
        ),
        # Rows that predate the field get the moment of the migration.
        *(
            migrations.AddField(
                model_name=name,
                name="updated_at",
                field=models.DateTimeField(
                    auto_now=True,
                    db_index=True,
                    help_text="When this object's own fields or the links it lists last changed.",
                ),
            )
            for name in MODELS
        ),
        migrations.AddField(
            model_name="condition",
            name="last_reviewed",
            field=models.DateField(
                blank=True,
                help_text="When an editor last checked this content; empty if never.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="condition",
            name="next_review_due",
            field=models.DateField(
                blank=True, help_text="When this content is due to be checked again.", null=True
            ),
        ),
        migrations.AddConstraint(
            model_name="condition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("next_review_due__gt", models.F("last_reviewed")),
                    ("next_review_due__isnull", True),
                    ("last_reviewed__isnull", True),
                    _connector="OR",
                ),
                name="next_review_after_last_review",
                violation_error_message="The next review must be due after the last review.",
            ),
        ),
    ]
