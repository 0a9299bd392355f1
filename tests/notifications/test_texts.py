"""The real texts of every event: what they say and what they cost as SMS."""

import pytest
from django.utils import translation

from marketplace.notifications.events import EVENTS, event_render
from marketplace.notifications.segments import sms_segments, unaccented

# In-app events are never sent as SMS: they carry no "Chợ Số:" and count no segment.
SMS_EVENTS = {key for key, event in EVENTS.items() if not event.in_app}
IN_APP_EVENTS = set(EVENTS) - SMS_EVENTS
ONE_SEGMENT_WITH_DIACRITICS = SMS_EVENTS - {"training_reminder"}


def _vietnamese(key):
    event = EVENTS[key]
    with translation.override("vi"):
        return event_render(event, event.sample)


@pytest.mark.parametrize("key", sorted(SMS_EVENTS))
def test_every_text_is_vietnamese_and_fits_one_gsm_segment_unaccented(key):
    text = _vietnamese(key)
    assert text.startswith("Chợ Số: ")
    assert "%(" not in text
    plain = unaccented(text)
    assert sms_segments(plain).encoding == "GSM-7"
    assert sms_segments(plain).segments == 1


@pytest.mark.parametrize("key", sorted(ONE_SEGMENT_WITH_DIACRITICS))
def test_short_texts_fit_one_ucs2_segment_with_their_diacritics(key):
    cost = sms_segments(_vietnamese(key))
    assert cost.encoding == "UCS-2"
    assert cost.units <= 70
    assert cost.segments == 1


@pytest.mark.parametrize("key", sorted(IN_APP_EVENTS))
def test_in_app_texts_fill_every_value_and_need_no_brand(key):
    text = _vietnamese(key)
    assert "%(" not in text
    assert not text.startswith("Chợ Số")
    for value in EVENTS[key].sample.values():
        assert str(value) in text


def test_training_reminder_names_course_and_place_so_takes_two_ucs2_segments():
    cost = sms_segments(_vietnamese("training_reminder"))
    assert (cost.encoding, cost.segments) == ("UCS-2", 2)


def test_new_order_text_reads_as_a_seller_expects():
    assert _vietnamese("order_new") == (
        "Chợ Số: đơn mới CS000123-1, 1.250.000 ₫. Vào Cửa hàng để xác nhận."
    )
    assert unaccented(_vietnamese("order_new")) == (
        "Cho So: don moi CS000123-1, 1.250.000 d. Vao Cua hang de xac nhan."
    )


def test_one_time_codes_are_essential_and_secret():
    codes = {"otp", "takeover_code", "phone_check"}
    for key in codes:
        assert EVENTS[key].essential
        assert EVENTS[key].secret == ("code",)
    others = set(EVENTS) - codes
    assert not any(EVENTS[key].essential for key in others)


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # the extension table counts two
        ("[" * 81, "GSM-7", 162, 2),
        ("ơ" * 70, "UCS-2", 70, 1),
        ("ơ" * 71, "UCS-2", 71, 2),
        ("ơ" * 134, "UCS-2", 134, 2),
        ("ơ" * 135, "UCS-2", 135, 3),
        ("a" * 159 + "₫", "UCS-2", 160, 3),  # one character outside GSM-7 makes it all UCS-2
        ("🌾" * 35, "UCS-2", 70, 1),  # outside the BMP: two UTF-16 units each
    ],
)
def test_sms_segments(text, encoding, units, segments):
    cost = sms_segments(text)
    assert (cost.encoding, cost.units, cost.segments) == (encoding, units, segments)


def test_decomposed_diacritics_count_as_one_character_each():
    assert sms_segments("Chợ Số").units == sms_segments("Cho\u031b\u0323 So\u0302\u0301").units


def test_unaccented_keeps_case_digits_and_maps_dong_and_curly_quotes():
    assert unaccented("ĐƠN “Nước mắm” – 85.000 ₫…") == 'DON "Nuoc mam" - 85.000 d...'


def test_docs_cost_table_matches_the_real_texts(settings):
    from marketplace.notifications.costs import cost_table

    docs = (settings.BASE_DIR / "docs" / "notifications.md").read_text()
    assert cost_table() in docs
    assert not any(f"| `{key}` | no |" in cost_table() for key in IN_APP_EVENTS)
