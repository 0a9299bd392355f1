"""Form widgets for the public catalog, where every millisecond is paid on each page."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A single `<select>` built in Python.

    Django renders each `<option>` through its own template; the catalog's filter
    form has a hundred options (categories, places), which made the form cost more
    than the page's SQL. Flat choices only, no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = self.format_value(value)
        selected = chosen[0] if chosen else ""
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key == selected else "", label)
                for key, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final_attrs), options)
