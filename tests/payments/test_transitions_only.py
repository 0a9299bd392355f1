"""A payment changes state in one place, `payment_transition` (the layers, orders -> payments
only, are kept by tests/test_architecture.py)."""

import ast
from pathlib import Path

from django.conf import settings


def _status_writes(path: Path) -> bool:
    """`x.status = ...` or `.update(status=...)` anywhere in the module; `refund.status`
    is a card refund row's own state (refunds.py), not a payment's."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute)
            and t.attr == "status"
            and not (isinstance(t.value, ast.Name) and t.value.id == "refund")
            for t in node.targets
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(k.arg == "status" for k in node.keywords)
        ):
            return True
    return False


def test_only_payment_transition_writes_a_payment_status():
    root = Path(settings.BASE_DIR) / "marketplace" / "payments"
    writers = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and _status_writes(path)
    ]
    assert writers == ["transitions.py"]
