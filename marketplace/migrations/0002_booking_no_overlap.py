"""No two live bookings of one provider may overlap, buffer included — enforced by PostgreSQL itself.

An exclusion constraint over ``[starts_at, blocked_until)`` per provider, for the live states only. It is written in
SQL rather than in ``Meta.constraints`` because SQLite cannot hold it; there the application serialises requests
(``transaction_mode = IMMEDIATE`` and the provider lock in ``marketplace/bookings/services.py``). Decision 0034.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE marketplace_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    provider_id WITH =,
    tstzrange(starts_at, blocked_until, '[)') WITH &&
) WHERE (status IN ('requested', 'accepted', 'confirmed'));
"""
DROP = "ALTER TABLE marketplace_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_bookings")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
