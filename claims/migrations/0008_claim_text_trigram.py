"""A trigram index for the claim lists' text search, on PostgreSQL.

The search matches a fragment anywhere in the folded text (`text_normalized LIKE '%…%'`); without
an index that reads every claim of the installation (about 0.4 s at 100,000 claims). pg_trgm's GIN
index answers such a LIKE from the fragment's trigrams. PostgreSQL only: SQLite (the embedded
default) keeps the scan, which is fast enough at its sizes. The index is not declared on the model
(Django's GinIndex would be created on SQLite too), so it lives here alone.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "claim_text_normalized_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin (text_normalized gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_relay_cue")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
