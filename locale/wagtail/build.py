"""Wagtail's admin in Vietnamese, complete: rebuild the catalogs beside this file.

    .venv/bin/python locale/wagtail/build.py           # after a Wagtail upgrade
    .venv/bin/python locale/wagtail/build.py --check   # exit 1 if a catalog is stale

For each Wagtail catalog the site uses, the English catalog Wagtail installs gives the
entries (msgid, context, plural, flags, in Wagtail's order) and the Vietnamese catalog
here gives their translations. A msgid Wagtail added is written untranslated, and the
unit test (tests/test_wagtail_catalogs.py) names it until someone translates it; a msgid
Wagtail dropped leaves the file. Each .po is then compiled to its .mo by msgfmt, as
`manage.py compilemessages` does.
"""

import argparse
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import polib
import wagtail

HERE = Path(__file__).resolve().parent
WAGTAIL = Path(wagtail.__file__).resolve().parent

# (directory here, Wagtail app path, domain); "core" is the `wagtail` package itself.
# The same directories are in settings.LOCALE_PATHS.
CATALOGS = [
    ("admin", "admin", "django"),
    ("admin", "admin", "djangojs"),
    ("core", "", "django"),
    ("images", "images", "django"),
    ("documents", "documents", "django"),
    ("snippets", "snippets", "django"),
    ("users", "users", "django"),
    ("sites", "sites", "django"),
    ("contrib/redirects", "contrib/redirects", "django"),
    ("contrib/forms", "contrib/forms", "django"),
    ("contrib/settings", "contrib/settings", "django"),
    ("embeds", "embeds", "django"),
    ("search", "search", "django"),
]
TRANSLATOR = "Chợ Số contributors, 2026"
METADATA = {
    "Project-Id-Version": "Wagtail",
    "Report-Msgid-Bugs-To": "",
    "Last-Translator": TRANSLATOR,
    "Language-Team": "Vietnamese (https://app.transifex.com/torchbox/teams/8009/vi/)",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": "vi",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def wagtail_catalog(app: str, domain: str, language: str) -> Path:
    base = WAGTAIL / app if app else WAGTAIL
    return base / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def our_catalog(directory: str, domain: str) -> Path:
    return HERE / directory / "vi" / "LC_MESSAGES" / f"{domain}.po"


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid)


def _translation(entry: polib.POEntry | None) -> tuple[str, dict]:
    if entry is None:
        return "", {}
    if entry.msgid_plural:
        return "", {0: entry.msgstr_plural.get(0, "")}
    return entry.msgstr, {}


def _entries(english: polib.POFile, ours: dict) -> list[polib.POEntry]:
    entries = []
    for source in english:
        if source.obsolete:
            continue
        had = ours.get(_key(source))
        msgstr, plural = _translation(had)
        flags = [f for f in source.flags if f != "fuzzy"]
        if had is not None and "fuzzy" in had.flags:
            flags.append("fuzzy")
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            msgstr=msgstr,
            flags=flags,
        )
        if source.msgid_plural:
            entry.msgstr_plural = plural or {0: ""}
        entries.append(entry)
    return entries


def _same(old: polib.POFile, entries: list[polib.POEntry]) -> bool:
    def rows(items):
        return [
            (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, dict(e.msgstr_plural), sorted(e.flags))
            for e in items
            if not e.obsolete
        ]

    return rows(old) == rows(entries)


def _header(english: polib.POFile, wagtail_vi: Path) -> tuple:
    """Wagtail's header: the translators of Wagtail's own Vietnamese, then us."""
    credits = []
    if wagtail_vi.exists():
        credits = [
            line
            for line in polib.pofile(str(wagtail_vi)).header.splitlines()
            if "@" in line or line.strip().endswith(tuple("0123456789"))
        ]
    lines = [
        "Vietnamese translation of Wagtail.",
        "This file is distributed under the same license as the Wagtail package.",
        "",
        "Translators:",
        *dict.fromkeys([*credits, TRANSLATOR]),
    ]
    metadata = {
        **METADATA,
        "POT-Creation-Date": english.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
    }
    order = ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"]
    order += ["PO-Revision-Date", *METADATA.keys()]
    return "\n".join(lines), {key: metadata[key] for key in dict.fromkeys(order)}


def mo_matches(path: Path) -> bool:
    """The compiled .mo beside a .po holds exactly its translations."""
    mo = path.with_suffix(".mo")
    if not mo.exists():
        return False

    def rows(catalog, *, compiled=False):
        out = {}
        for entry in catalog:
            text = entry.msgstr or entry.msgstr_plural.get(0, "")
            if entry.msgid and text and (compiled or "fuzzy" not in entry.flags):
                out[(entry.msgctxt, entry.msgid)] = text
        return out

    return rows(polib.pofile(str(path))) == rows(polib.mofile(str(mo)), compiled=True)


def catalog_build(directory: str, app: str, domain: str, *, check: bool) -> list[str]:
    """Rewrite one catalog if its entries changed; the msgids still untranslated."""
    english = polib.pofile(str(wagtail_catalog(app, domain, "en")), wrapwidth=78)
    path = our_catalog(directory, domain)
    old = polib.pofile(str(path), wrapwidth=78) if path.exists() else None
    entries = _entries(english, {_key(e): e for e in old or [] if not e.obsolete})
    missing = [e.msgid for e in entries if not e.translated()]
    mo = path.with_suffix(".mo")
    stale = old is None or not _same(old, entries) or not mo_matches(path)
    if check:
        return missing + ([f"{path.relative_to(HERE)} is stale"] if stale else [])
    if old is None or not _same(old, entries):
        catalog = polib.POFile(wrapwidth=78)
        catalog.header, catalog.metadata = _header(english, wagtail_catalog(app, domain, "vi"))
        catalog.extend(entries)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog.save(str(path))
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(path)], check=True)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    problems = 0
    for directory, app, domain in CATALOGS:
        missing = catalog_build(directory, app, domain, check=args.check)
        problems += len(missing)
        print(f"{directory}/{domain}: {len(missing)} untranslated or stale")
        for msgid in missing[:20]:
            print(f"  {msgid!r}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
