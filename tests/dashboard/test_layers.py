"""training < onboarding < dashboard: a lower app never imports a higher one."""

import ast
from pathlib import Path

from django.conf import settings

# Who may not import whom, among the three apps split from training and what lies below.
FORBIDDEN = {
    "marketplace/training": ("marketplace.onboarding", "marketplace.dashboard"),
    "marketplace/onboarding": ("marketplace.dashboard",),
    "marketplace/sellers": (
        "marketplace.training",
        "marketplace.onboarding",
        "marketplace.dashboard",
    ),
    "marketplace/orders": (
        "marketplace.training",
        "marketplace.onboarding",
        "marketplace.dashboard",
    ),
    "catalog": ("marketplace.training", "marketplace.onboarding", "marketplace.dashboard"),
    "traceability": ("marketplace.training", "marketplace.onboarding", "marketplace.dashboard"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_app_imports_one_above_it():
    wrong = []
    for folder, above in FORBIDDEN.items():
        for path in sorted((settings.BASE_DIR / folder).rglob("*.py")):
            for name in _imports(path):
                if name.startswith(above):
                    wrong.append(f"{path.relative_to(settings.BASE_DIR)} imports {name}")
    assert wrong == []
