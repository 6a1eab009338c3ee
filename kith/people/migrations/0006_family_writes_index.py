"""An index of the audit events that change a family (kith.people.family.FAMILY_WRITES_WHERE,
which must say the same: tests/test_family_read.py checks): the newest of them is the families'
version, read on every load of a child's record."""

from django.db import migrations

INDEX = "core_auditevent_family_writes"
WHERE = (
    "object_type IN ('child', 'person', 'relationship', 'trusted_adult', 'genogram_review') "
    "AND action IN ('create', 'update')"
)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_family_network"), ("core", "0002_audit_append_only")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {INDEX} ON core_auditevent (id) WHERE {WHERE}", f"DROP INDEX {INDEX}"),
    ]
