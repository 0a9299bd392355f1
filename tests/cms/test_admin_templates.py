"""Wagtail 8.0 leaves three interface strings out of its catalogs (written in English in
its templates, not marked for translation): cms/templates/wagtailadmin/ overrides those
templates with the strings marked, and nothing else changed, so an upgrade of Wagtail
that changes one of them fails here until the override is copied again (or dropped, once
Wagtail marks them itself)."""

from pathlib import Path

import pytest
import wagtail.admin
from django.template.loader import get_template
from django.utils import translation

OURS = Path(__file__).resolve().parents[2] / "cms" / "templates"
WAGTAILS = Path(wagtail.admin.__file__).resolve().parent / "templates"
SEARCH = '<input type="submit" value="Search" class="button" />'
OVERRIDES = {
    "wagtailadmin/home.html": [
        (SEARCH, '<input type="submit" value="{% trans \'Search\' %}" class="button" />')
    ],
    "wagtailadmin/shared/header.html": [
        (SEARCH, '<input type="submit" value="{% trans \'Search\' %}" class="button" />')
    ],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}{# Actions divider #}"),
        ('<nav aria-label="Actions"', "<nav aria-label=\"{% trans 'Actions' %}\""),
    ],
}


@pytest.mark.parametrize("name", OVERRIDES)
def test_each_override_is_wagtails_template_with_its_strings_marked(name):
    ours = (OURS / name).read_text(encoding="utf-8")
    for english, marked in OVERRIDES[name]:
        assert marked in ours
        ours = ours.replace(marked, english)
    assert ours == (WAGTAILS / name).read_text(encoding="utf-8")
    assert Path(get_template(name).origin.name) == OURS / name


def test_the_header_actions_are_named_in_vietnamese():
    with translation.override("vi"):
        html = get_template("wagtailadmin/shared/headers/_actions.html").render({})
    assert 'aria-label="Thao tác"' in html
