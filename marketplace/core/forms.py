"""Form fields shared by every app: money typed the way people write it, text whose limit
the page states."""

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .money import LOW_VND, MAX_VND, format_vnd, format_vnd_digits, parse_vnd


def _parsed(value) -> int | None:
    try:
        return parse_vnd(value)
    except forms.ValidationError:
        return None


class MoneyInput(forms.TextInput):
    """A text box for dong, with the amount as read ("= 85.000 ₫") under it.

    The reading is written by the server on every display (the form shown again
    after an error, the saved value) and kept up to date while typing by
    core/money.js: the page works the same without JavaScript.
    """

    # Under a form that saves; a filter says it its own way (catalog.filters).
    low_note = gettext_lazy("Under 1.000 ₫: is a “.000” missing? You can still save it.")

    def __init__(self, attrs=None):
        # "decimal" brings the digits and the separator on a phone keyboard; "85k" or
        # "1,2 triệu" can still be typed from the full keyboard.
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd_digits(value)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        field_id = final_attrs.get("id") or f"id_{name}"
        preview_id, low_id = f"{field_id}_amount", f"{field_id}_low"
        amount = None if value in (None, "") else _parsed(value)
        final_attrs.update(
            {
                "type": "text",
                "name": name,
                "data-money": get_language() or "vi",
                "data-money-preview": preview_id,
                "data-money-low": low_id,
                "aria-describedby": f"{preview_id} {low_id}",
            }
        )
        shown = self.format_value(value)
        if shown is not None:
            final_attrs["value"] = shown
        return format_html(
            '<input{}><output id="{}" for="{}" class="money-amount" aria-live="polite">{}</output>'
            '<small id="{}" class="money-low"{}>{}</small>',
            flatatt(final_attrs),
            preview_id,
            field_id,
            f"= {format_vnd(amount)}" if amount is not None else "",
            low_id,
            "" if amount is not None and amount < LOW_VND else " hidden",
            self.low_note,
        )


class MoneyField(forms.Field):
    """Whole dong from "85.000", "85k", "1,2 triệu"...: see `core.money.parse_vnd`."""

    widget = MoneyInput
    default_error_messages = {"required": gettext_lazy("Write an amount, e.g. 85.000.")}

    def __init__(self, *, max_value: int = MAX_VND, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        return parse_vnd(value, maximum=self.max_value)


def _with_limit(help_text, max_length: int) -> str:
    limit = _("At most %(limit)s characters.") % {"limit": max_length}
    return f"{help_text} {limit}" if help_text else limit


class LimitedCharField(forms.CharField):
    """Text with a limit that the help says ("At most 250 characters.") and the server
    holds with a message. No maxlength attribute: a browser cuts a pasted text at it
    without a word, and an address would arrive short with nobody told."""

    default_error_messages = {
        "max_length": gettext_lazy(
            "Too long: at most %(limit_value)d characters, this has %(show_value)d. Shorten it."
        )
    }

    def __init__(self, *, max_length: int, help_text="", **kwargs):
        # Worded when shown, in the language of the page.
        help_text = lazy(_with_limit, str)(help_text, max_length)
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs
