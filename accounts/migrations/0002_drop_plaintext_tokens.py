"""
DRF's own tokens were stored as they are (anyone reading a backup could use them).
Upgrading drops them: editors get new, hashed ones (README, "Upgrading").
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
