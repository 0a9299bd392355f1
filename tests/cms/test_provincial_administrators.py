"""A provincial administrator edits categories and the home page in Wagtail's admin, with
the permissions the project's migration gives their group: nobody ticks boxes by hand."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from catalog.models import Category
from cms.models import HomePage
from marketplace.accounts.models import PROVINCIAL_ADMINS_GROUP, Role
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, user) -> None:
    """Through the login page, as a person does."""
    response = client.post(
        reverse("accounts:login"), {"username": user.phone, "password": PASSWORD}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def provincial_admin(client):
    user = UserFactory(role=Role.ADMIN, display_name="Trần Thị Mai")
    assert not user.is_staff and not user.is_superuser
    log_in(client, user)
    return user


def test_the_group_carries_the_permissions_and_admins_are_in_it(provincial_admin):
    group = Group.objects.get(name=PROVINCIAL_ADMINS_GROUP)
    assert provincial_admin.groups.filter(pk=group.pk).exists()
    assert provincial_admin.has_perms(
        ["catalog.add_category", "catalog.change_category", "wagtailadmin.access_admin"]
    )
    assert not provincial_admin.has_perm("catalog.delete_category")
    home = HomePage.objects.get()
    codenames = set(
        group.page_permissions.filter(page=home).values_list("permission__codename", flat=True)
    )
    assert codenames == {"change_page", "publish_page"}


def test_a_provincial_administrator_renames_a_category_in_the_admin(client, provincial_admin):
    category = Category.objects.get(slug="banh-keo")
    listing = client.get(reverse("wagtailsnippets_catalog_category:list"))
    assert listing.status_code == 200 and category.name in listing.content.decode()
    edit = reverse("wagtailsnippets_catalog_category:edit", args=[category.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "name": "Bánh kẹo đặc sản",
            "name_en": "Local sweets",
            "slug": category.slug,
            "parent": category.parent_id or "",
            "position": 3,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.name, category.name_en, category.position) == (
        "Bánh kẹo đặc sản",
        "Local sweets",
        3,
    )


def test_a_provincial_administrator_opens_the_home_page_editor(client, provincial_admin):
    home = HomePage.objects.get()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200


def test_a_role_change_leaves_the_group(client):
    user = UserFactory(role=Role.ADMIN)
    user.role = Role.OFFICER
    user.save()
    assert not user.groups.exists()
    log_in(client, user)
    assert client.get(reverse("wagtailsnippets_catalog_category:list")).status_code in (302, 403)
