"""Give Wagtail's Editors and Moderators groups the permissions of NetFix's editorial work.

Editors draft pages, promotions and menus and submit translations; Moderators also publish, delete and unlock, and
can look at (and correct) marketplace listings. Neither group gets anything about payments.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "home": ["add_promotion", "change_promotion", "view_promotion", "lock_promotion", "add_menu", "change_menu", "view_menu"],
    "providers": ["view_category"],
}
MODERATORS = {
    "home": [
        "add_promotion",
        "change_promotion",
        "delete_promotion",
        "view_promotion",
        "publish_promotion",
        "lock_promotion",
        "unlock_promotion",
        "add_menu",
        "change_menu",
        "delete_menu",
        "view_menu",
    ],
    "providers": ["view_category", "view_service", "change_service", "view_providerprofile"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Wagtail adds these snippet permissions after migrating; they are needed now, so they are made here first.
    promotion_type, _ = ContentType.objects.get_or_create(app_label="home", model="promotion")
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=promotion_type, codename=f"{action}_promotion", defaults={"name": f"Can {action} promotion"}
        )
    for name, grants in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("Editors", "Moderators"):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*group.permissions.filter(content_type__app_label__in=["home", "providers"]))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_pages_promotions_menus"),
        ("providers", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
