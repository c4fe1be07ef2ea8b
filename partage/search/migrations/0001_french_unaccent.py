"""PostgreSQL only: the `unaccent` extension and a French text search configuration
that ignores accents ("télétravail" = "teletravail") and stems ("actions" = "action").
Both operations do nothing on SQLite.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent ( COPY = french );
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIG)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIG)


class PostgreSQLOnlyUnaccentExtension(UnaccentExtension):
    """UnaccentExtension already skips other databases going forwards; this also skips them going backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        PostgreSQLOnlyUnaccentExtension(),
        migrations.RunPython(create_config, drop_config, elidable=False),
    ]
