"""Vietnamese names for the groups, workflow and task that Wagtail's migrations and ours
made in English: the admin shows them inside its own sentences ("Gửi vào %(workflow)s"),
where an English name reads "Gửi vào Moderators approval".

Only a name still as it was made is renamed (a name an administrator chose stays), and
only to a name nobody uses yet; backwards, the same the other way. Code finds the
provincial administrators' group by accounts.models.PROVINCIAL_ADMINS_GROUP, which
carries the new name; Wagtail's own code finds no group by name, only its migrations,
which have all run before this one (the dependencies below).
"""

from django.db import migrations

GROUPS = {
    "Moderators": "Người kiểm duyệt",
    "Editors": "Người biên tập",
    "Provincial administrators": "Quản trị viên tỉnh",
}
# Wagtail's 0048 names the default task after its groups, and the workflow after the task.
WORKFLOWS = {"Moderators approval": "Kiểm duyệt nội dung"}
TASKS = {"Moderators approval": "Duyệt bởi người kiểm duyệt"}


def _rename(model, names: dict[str, str]) -> None:
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def _flipped(names: dict[str, str]) -> dict[str, str]:
    return {new: old for old, new in names.items()}


def names_vietnamese(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), GROUPS)
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS)
    _rename(apps.get_model("wagtailcore", "Task"), TASKS)


def names_english(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), _flipped(GROUPS))
    _rename(apps.get_model("wagtailcore", "Workflow"), _flipped(WORKFLOWS))
    _rename(apps.get_model("wagtailcore", "Task"), _flipped(TASKS))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_provincial_administrators_group"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(names_vietnamese, names_english)]
