"""Let Wagtail's Moderators group review provider verification documents (see docs/decisions/0026).

They may see the queue and approve or reject; they may not add, edit or delete documents, so every change goes
through the audited review actions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_verificationdocument", "review_verificationdocument"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("providers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="providers", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="providers", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0003_verification"),
        ("home", "0005_editor_and_moderator_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
