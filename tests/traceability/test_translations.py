from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "traceability/locale/vi/LC_MESSAGES/django.po"


def test_vietnamese_catalog_of_traceability_is_complete():
    catalog = polib.pofile(str(PO))
    assert [e.msgid for e in catalog if not e.translated() and not e.obsolete] == []
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
