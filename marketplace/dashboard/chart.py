"""A month-by-month chart of the rates, drawn on the server as inline SVG (no JS)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .selectors import Rate

WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 320, 150, 34, 8, 22
LINES = (
    ("registered", _("Registered"), "#6b7f73"),
    ("trained", _("Trained"), "#1f6f43"),
    ("onboarded", _("Onboarded"), "#b5651d"),
    ("selling", _("Selling"), "#2b5fab"),
)


def rate_chart(series: list[dict]) -> dict:
    """Coordinates for each rate's polyline; a rate is in tenths of a percent (integers)."""
    count = len(series)
    plot_w, plot_h = WIDTH - LEFT - 16, HEIGHT - TOP - BOTTOM
    step = plot_w / max(count - 1, 1)

    # Strings, not floats: the template would write a float with the Vietnamese decimal comma.
    def x(i):
        return f"{LEFT + i * step:.1f}"

    def y(tenths):
        return f"{TOP + plot_h - plot_h * (tenths or 0) / 1000:.1f}"

    lines = []
    for key, label, colour in LINES:
        points = []
        for i, point in enumerate(series):
            rate = Rate(point[key], point["roster"])
            points.append(f"{x(i)},{y(rate.tenths)}")
        last = Rate(series[-1][key], series[-1]["roster"]) if series else None
        lines.append(
            {"key": key, "label": label, "colour": colour, "points": " ".join(points), "last": last}
        )
    ticks = [
        {"x": x(i), "label": date_format(point["month"], "m/y")}
        for i, point in enumerate(series)
        if (count - 1 - i) % 3 == 0
    ]
    grid = [{"y": y(t * 10), "label": f"{t}%"} for t in (0, 50, 100)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "label_x": LEFT - 4,
        "right": WIDTH - 16,
        "lines": lines,
        "ticks": ticks,
        "grid": grid,
        "label_y": HEIGHT - 6,
    }
