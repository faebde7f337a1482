"""A "Payments" staff group: may open the Wagtail admin, see booking payments and refund them (decision 0042).

Editors and Moderators get none of this; staff who handle money are put in this group (and must be ``is_staff``
to resolve disputes, like every staff action on bookings).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Payments"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("marketplace", "view_bookingpayment"),
    ("marketplace", "refund_bookingpayment"),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("marketplace")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_payments"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
