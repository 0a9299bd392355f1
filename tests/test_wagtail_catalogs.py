"""Wagtail's admin in Vietnamese (locale/wagtail/): complete against the Wagtail installed,
compiled, one wording per msgid, and never changing the words of our own pages."""

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

ROOT = Path(settings.BASE_DIR)
OVERRIDE = ROOT / "locale" / "wagtail"
PLACEHOLDER = re.compile(
    r"%\([A-Za-z0-9_]+\)[sdifr]|%[sdif]|\{[A-Za-z0-9_]*\}|</?[a-zA-Z][^>]*>|&[a-z]+;"
)


def _build():
    spec = importlib.util.spec_from_file_location("wagtail_catalogs", OVERRIDE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build()
CATALOGS = [pytest.param(*row, id=f"{row[0]}:{row[2]}") for row in build.CATALOGS]


def _text(entry) -> str:
    return entry.msgstr or entry.msgstr_plural.get(0, "")


def _override_entries():
    for directory, _app, domain in build.CATALOGS:
        yield from polib.pofile(str(build.our_catalog(directory, domain)))


def _our_catalogs(language: str):
    for path in sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        if ".venv" not in path.parts and OVERRIDE not in path.parents:
            yield path


@pytest.mark.parametrize(("directory", "app", "domain"), CATALOGS)
def test_each_wagtail_catalog_is_complete_unfuzzy_and_compiled(directory, app, domain):
    english = polib.pofile(str(build.wagtail_catalog(app, domain, "en")))
    path = build.our_catalog(directory, domain)
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}
    wanted = [(e.msgctxt, e.msgid) for e in english if not e.obsolete]
    assert [key for key in wanted if key not in ours] == [], "run locale/wagtail/build.py"
    assert [msgid for (_c, msgid), e in ours.items() if not e.translated()] == []
    assert [msgid for (_c, msgid), e in ours.items() if "fuzzy" in e.flags] == []
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == "vi"
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert build.mo_matches(path), f"{path.with_suffix('.mo')} is not compiled from its .po"


@pytest.mark.parametrize(("directory", "app", "domain"), CATALOGS)
def test_each_translation_keeps_its_placeholders(directory, app, domain):
    wrong = []
    for entry in polib.pofile(str(build.our_catalog(directory, domain))):
        got = Counter(PLACEHOLDER.findall(_text(entry)))
        if entry.msgid_plural:
            # One Vietnamese form serves every count: it needs the plural form's
            # placeholders, and may not bring any the source does not have.
            source = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            ok = set(PLACEHOLDER.findall(entry.msgid_plural)) <= set(got) <= source
        else:
            ok = got == Counter(PLACEHOLDER.findall(entry.msgid))
        if not ok:
            wrong.append(entry.msgid)
    assert wrong == []


def test_every_installed_wagtail_catalog_is_overridden_and_on_the_locale_paths():
    installed = set()
    for config in apps.get_app_configs():
        if config.name == "wagtail" or config.name.startswith("wagtail."):
            app = config.name.removeprefix("wagtail").lstrip(".").replace(".", "/")
            for domain in ("django", "djangojs"):
                if build.wagtail_catalog(app, domain, "en").exists():
                    installed.add((app, domain))
    assert {(app, domain) for _d, app, domain in build.CATALOGS} == installed
    directories = {OVERRIDE / directory for directory, _a, _d in build.CATALOGS}
    assert directories | {ROOT / "locale" / "django"} == {
        Path(p) for p in settings.LOCALE_PATHS[1:]
    }
    # makemessages writes our project-wide strings to the first of LOCALE_PATHS.
    assert Path(settings.LOCALE_PATHS[0]) == ROOT / "locale"


def test_a_msgid_has_one_wording_across_the_wagtail_catalogs():
    # Django merges every catalog of a language into one: two wordings would be a coin toss.
    wordings = {}
    for entry in _override_entries():
        wordings.setdefault((entry.msgctxt, entry.msgid), set()).add(_text(entry))
    assert {key: words for key, words in wordings.items() if len(words) > 1} == {}


def test_none_of_our_msgids_is_worded_otherwise_by_the_wagtail_catalogs():
    """The override comes before our apps' catalogs: a msgid we share with Wagtail without
    a context would change on our pages. Ours take a context instead (pgettext)."""
    wagtail = {e.msgid: _text(e) for e in _override_entries() if e.msgctxt is None}
    clashes = []
    for language in ("vi", "en"):
        for path in _our_catalogs(language):
            for entry in polib.pofile(str(path)):
                if entry.obsolete or entry.msgctxt is not None or entry.msgid not in wagtail:
                    continue
                want = wagtail[entry.msgid] if language == "vi" else entry.msgid
                if _text(entry) not in ("", want):
                    clashes.append(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
    assert clashes == []


def test_the_page_status_and_the_product_status_keep_their_own_words():
    with translation.override("vi"):
        assert gettext("Live") == "Đã xuất bản"
        assert pgettext("product status", "Live") == "Đang bán"
        assert gettext("Dashboard") == "Bảng điều khiển"
        assert pgettext("officer dashboard", "Dashboard") == "Bảng số liệu"
        assert gettext("Submit to %(workflow_name)s") == "Gửi vào %(workflow_name)s"


def test_the_admin_says_how_long_ago_in_vietnamese():
    # Django's own Vietnamese lacks the units of timesince (locale/django/ adds them), and
    # Wagtail's "just now" compares timesince's "0 minutes" with its own translation.
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("vi"):
        assert (
            timesince_simple(timezone.now() - timedelta(hours=19, minutes=5)) == "19\xa0giờ trước"
        )
        assert timesince_simple(timezone.now()) == gettext("just now")


@pytest.mark.django_db
def test_the_admin_javascript_catalog_is_vietnamese(client):
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi")
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    catalog = json.loads(found.group(1))
    english = polib.pofile(str(build.wagtail_catalog("admin", "djangojs", "en")))
    assert len(catalog) == len([e for e in english if not e.obsolete])
    assert catalog["Add a comment"] == "Thêm bình luận"
    assert catalog["%(num)s error"] == ["%(num)s lỗi"]
