"""Make the audit log append-only in the database itself, on SQLite and PostgreSQL.

TRUNCATE skips row triggers on PostgreSQL: it is left to database privileges in production
(the application's role is not granted TRUNCATE on core_auditevent).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from kith.core import dbtriggers


def forwards(apps: Any, schema_editor: Any) -> None:
    for statement in dbtriggers.statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(statement)


def backwards(apps: Any, schema_editor: Any) -> None:
    for statement in dbtriggers.statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
