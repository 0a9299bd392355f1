"""The provincial administrator reads Wagtail's admin in Vietnamese, at 360 px and at
1280 px: every screen they use, its tabs and its opened menus, with no interface string
left as Wagtail's English source (English from Wagtail's own en catalogs, read here)."""

import importlib
import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from cms.models import StorefrontPage
from cms.services import storefront_save
from marketplace.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Words Vietnamese writes as English does: proper nouns and borrowed ones.
ALLOWED = {"wagtail", "email", "id", "url", "html", "markdown", "ok"}
VIEWPORTS = {"360": {"width": 360, "height": 740}, "1280": {"width": 1280, "height": 900}}

# Every string a person can read: visible text nodes, lines of the rendered text, the
# title, aria-label, placeholder and alt of visible elements, button values, the title.
COLLECT = """() => {
  const out = [];
  const squash = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const shown = (el) => el && el.checkVisibility({checkVisibilityCSS: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(parent.tagName)) continue;
    if (shown(parent)) out.push(squash(walker.currentNode.textContent));
  }
  out.push(...document.body.innerText.split('\\n').map(squash));
  const named = '[title], [aria-label], [placeholder], [alt], input[value]';
  const attributes = ['title', 'aria-label', 'placeholder', 'alt'];
  for (const el of document.querySelectorAll(named)) {
    if (!shown(el)) continue;
    for (const name of attributes) out.push(squash(el.getAttribute(name)));
    if (['submit', 'button'].includes(el.type)) out.push(squash(el.value));
  }
  out.push(...document.title.split(' - ').map(squash));
  return out.filter(Boolean);
}"""


def _english() -> set[str]:
    """Every msgid of the Wagtail catalogs the site uses, as a person would read it."""
    build_path = Path(__file__).resolve().parents[2] / "locale" / "wagtail" / "build.py"
    spec = importlib.util.spec_from_file_location("wagtail_catalogs", build_path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    base = Path(wagtail.__file__).resolve().parent
    found = set()
    for _directory, app, domain in build.CATALOGS:
        path = (base / app if app else base) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        for entry in polib.pofile(str(path)):
            for msgid in (entry.msgid, entry.msgid_plural):
                text = " ".join(msgid.split()).lower()
                if text and not re.search(r"%\(|%[sd]|\{", text):
                    found.add(text)
    return found - ALLOWED


ENGLISH = _english()


# Django's "timesince", which Wagtail shows as "%(time_period)s trước".
ENGLISH_TIME = re.compile(r"\b\d+\s(minute|hour|day|week|month|year)s?\b", re.IGNORECASE)


def english_in(strings: list[str]) -> list[str]:
    """The strings that are still Wagtail's English source (CSS may have upper-cased them)."""
    left = set()
    for text in strings:
        plain = text.lower()
        if {plain, plain.rstrip(":").strip(), plain.rstrip(".…").strip()} & ENGLISH:
            left.add(text)
        elif ENGLISH_TIME.search(text):
            left.add(text)
    return sorted(left)


def _provincial_group() -> None:
    """What the migrations made, put back after the browser tests' flush: the provincial
    administrators' group with its permissions, Wagtail's default moderation workflow on
    the root page, and their names in Vietnamese (cms/migrations/0004, 0005)."""
    group_migration = importlib.import_module("cms.migrations.0004_provincial_administrators_group")
    names = importlib.import_module("cms.migrations.0005_vietnamese_names")
    modules = {config: config.models_module for config in apps.get_app_configs()}
    try:
        group_migration.group_ensure(apps, None)
    finally:
        for config, module in modules.items():
            config.models_module = module
    # The first test of a session still has them as migrated: find them, in English.
    names.names_english(apps, None)
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Editors")
    task, _ = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name="Moderators approval")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    names.names_vietnamese(apps, None)


@pytest.fixture
def admin_site(wagtail_tree):
    _provincial_group()
    UserFactory(role=Role.ADMIN, phone="+84977000001", display_name="Trần Thị Mai")
    farmer = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer)
    storefront = StorefrontPage.objects.get(seller=seller)
    storefront_save(actor=farmer, page=storefront, story="Nhà tôi làm kẹo dừa ba đời.")
    return wagtail_tree, storefront


def _every_tab(page) -> list[str]:
    """Each tab of the editor opened in turn (Wagtail 8 has no Settings tab when a page
    type has no settings panels: its schedule and privacy are in the status side panel)."""
    strings = []
    tabs = page.get_by_role("tab")
    assert tabs.count() >= 2
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(300)
        strings += page.evaluate(COLLECT)
    return strings


def _open_action_menu(page) -> list[str]:
    """The publish menu opened; a page locked by its moderation has one button, no menu."""
    toggle = page.locator("footer button.w-dropdown__toggle").first
    if not toggle.count():
        return page.evaluate(COLLECT)
    toggle.click()
    page.locator("footer .w-dropdown__content").first.wait_for()
    return page.evaluate(COLLECT)


def _open_status_panel(page) -> list[str]:
    toggle = page.locator("[data-side-panel-toggle='status']").first
    toggle.click()
    page.wait_for_timeout(300)
    strings = page.evaluate(COLLECT)
    # Wagtail remembers an open side panel; at 360 px it would cover the next screens.
    toggle.click()
    return strings


def screens(home, storefront):
    editor = reverse("wagtailadmin_pages:edit", args=[home.pk])
    shop = reverse("wagtailadmin_pages:edit", args=[storefront.pk])
    return [
        ("dashboard", reverse("wagtailadmin_home"), None),
        ("explorer", reverse("wagtailadmin_explore", args=[home.pk]), None),
        ("explorer-root", reverse("wagtailadmin_explore_root"), None),
        ("home-tabs", editor, _every_tab),
        ("home-status", editor, _open_status_panel),
        ("home-actions", editor, _open_action_menu),
        ("storefront-tabs", shop, _every_tab),
        ("storefront-status", shop, _open_status_panel),
        ("storefront-actions", shop, _open_action_menu),
        (
            "storefront-workflow",
            reverse("wagtailadmin_pages:workflow_history", args=[storefront.pk]),
            None,
        ),
        ("workflows", reverse("wagtailadmin_workflows:index"), None),
        ("tasks", reverse("wagtailadmin_workflows:task_index"), None),
        ("images", reverse("wagtailimages:index"), None),
        ("image-upload", reverse("wagtailimages:add_multiple"), None),
        ("documents", reverse("wagtaildocs:index"), None),
        ("snippets", reverse("wagtailsnippets:index"), None),
        ("categories", reverse("wagtailsnippets_catalog_category:list"), None),
        ("search", reverse("wagtailadmin_pages:search") + "?q=c%E1%BB%A7a", None),
        ("account", reverse("wagtailadmin_account"), None),
        ("locked-pages", reverse("wagtailadmin_reports:locked_pages"), None),
        ("aging-pages", reverse("wagtailadmin_reports:aging_pages"), None),
        ("site-history", reverse("wagtailadmin_reports:site_history"), None),
        ("users", reverse("wagtailusers_users:index"), None),
        ("groups", reverse("wagtailusers_groups:index"), None),
    ]


SHOTS = {"dashboard", "explorer", "home-actions", "storefront-workflow", "categories"}


@pytest.mark.parametrize(
    ("width", "who"), [("360", "provincial"), ("1280", "provincial"), ("1280", "superuser")]
)
def test_every_admin_screen_reads_in_vietnamese(browser, live_server, admin_site, width, who):
    """As the provincial administrator; and, for the screens their group does not open
    (workflows, tasks, documents, locked pages, users, groups), as a superuser."""
    home, storefront = admin_site
    if who == "superuser":
        UserFactory(phone="+84977000002", is_superuser=True, is_staff=True)
    context = browser.new_context(
        viewport=VIEWPORTS[width], base_url=live_server.url, locale="vi-VN"
    )
    page = context.new_page()
    login(page, "0977 000 002" if who == "superuser" else "0977 000 001")
    report = {}
    for name, url, act in screens(home, storefront):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        strings = page.evaluate(COLLECT) + (act(page) if act is not None else [])
        if name == "home-actions":
            assert "Gửi vào Kiểm duyệt nội dung" in strings
        report[name] = {
            "opened": page.url.removeprefix(live_server.url),
            "english": english_in(strings),
        }
        if name in SHOTS or who == "superuser" and name in ("workflows", "groups"):
            screenshot(page, f"admin-{name}-{width}-{who}")
    context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"admin-english-{width}-{who}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    left = {name: row["english"] for name, row in report.items() if row["english"]}
    assert left == {}, json.dumps(left, ensure_ascii=False, indent=1)
