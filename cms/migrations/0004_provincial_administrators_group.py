"""The "Provincial administrators" group: what a provincial administrator does in
Wagtail's admin, given by the project, not by hand.

They edit the category tree (add, change) and the home page's content (edit, publish;
Wagtail passes page permissions down to the pages below it), with the photos that
content needs. Users of role "admin" join the group when saved (accounts/signals.py);
this migration adds those that exist already. Running it again changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Provincial administrators"
MODEL_PERMISSIONS = [
    ("catalog", "category", "add_category"),
    ("catalog", "category", "change_category"),
    ("catalog", "category", "view_category"),
    ("wagtailadmin", "admin", "access_admin"),
]
PAGE_PERMISSIONS = ["change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "choose_image"]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get(content_type=content_type, codename=codename)


def group_ensure(apps, schema_editor):
    # On a new database the permissions are made after the last migration: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*(_permission(apps, *row) for row in MODEL_PERMISSIONS))
    home = apps.get_model("cms", "HomePage").objects.order_by("depth", "pk").first()
    if home is not None:
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=home.pk,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
    root = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    if root is not None:
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=_permission(apps, "wagtailimages", "image", codename),
            )
    User = apps.get_model("accounts", "User")
    group.user_set.add(*User.objects.filter(role="admin"))


def group_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_officerareaapprovaltask"),
        ("catalog", "0012_ocop_verification"),
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(group_ensure, group_remove)]
