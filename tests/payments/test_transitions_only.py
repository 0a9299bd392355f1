"""Imports run orders -> payments only: payments reports back through its signals."""

import ast
from pathlib import Path

from django.conf import settings


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_payments_never_imports_orders():
    root = Path(settings.BASE_DIR) / "marketplace" / "payments"
    offenders = {
        str(path.relative_to(root)): sorted(
            name for name in _imported_modules(path) if name.startswith("marketplace.orders")
        )
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def _status_writes(path: Path) -> bool:
    """`x.status = ...` or `.update(status=...)` anywhere in the module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "status" for t in node.targets
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
