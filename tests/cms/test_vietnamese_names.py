"""The groups, workflow and task Wagtail's migrations and ours made in English carry
Vietnamese names (cms/migrations/0005), so the admin's sentences read as one language."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Task, Workflow

from cms.models import HomePage
from marketplace.accounts.models import PROVINCIAL_ADMINS_GROUP, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
names = importlib.import_module("cms.migrations.0005_vietnamese_names")


def test_the_migrated_database_has_no_english_group_workflow_or_task_name():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Người kiểm duyệt",
        "Người biên tập",
        "Quản trị viên tỉnh",
    }
    assert not Group.objects.filter(name__in=names.GROUPS).exists()
    assert Workflow.objects.filter(name="Kiểm duyệt nội dung").exists()
    assert Task.objects.filter(name="Duyệt bởi người kiểm duyệt").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert PROVINCIAL_ADMINS_GROUP == "Quản trị viên tỉnh"


def test_backwards_gives_the_english_names_back_and_leaves_chosen_names_alone():
    Group.objects.create(name="Nhóm do tỉnh đặt")
    names.names_english(apps, None)
    assert Group.objects.filter(name="Moderators").exists()
    assert Workflow.objects.filter(name="Moderators approval").exists()
    names.names_vietnamese(apps, None)
    assert not Group.objects.filter(name="Moderators").exists()
    assert Group.objects.filter(name="Nhóm do tỉnh đặt").exists()


def test_a_name_already_taken_is_not_renamed_onto():
    Group.objects.filter(name="Người biên tập").update(name="Editors")
    Group.objects.create(name="Người biên tập")
    names.names_vietnamese(apps, None)
    assert Group.objects.filter(name="Editors").exists()


def test_a_new_provincial_administrator_joins_the_renamed_group(client):
    user = UserFactory(role=Role.ADMIN)
    assert list(user.groups.values_list("name", flat=True)) == ["Quản trị viên tỉnh"]
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[HomePage.objects.get().pk]))
    page = response.content.decode()
    assert "Gửi vào Kiểm duyệt nội dung" in page
    assert "Moderators" not in page
