"""The import graph of our own code: no cycles, and every import goes down the layers.

The order is the one README's Architecture section draws; a module may import from its own
app or from an app in a lower layer. Lower layers learn of higher ones through signals.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. Apps on one line share a layer and may not import each other.
LAYERS = [
    ["marketplace.core"],
    ["marketplace.regions"],
    ["marketplace.accounts"],
    ["marketplace.notifications"],
    ["marketplace.sellers"],
    ["catalog"],
    ["traceability"],
    ["marketplace.payments", "marketplace.delivery"],
    ["marketplace.orders"],
    ["marketplace.training"],
    ["marketplace.onboarding"],
    ["marketplace.dashboard"],
    ["marketplace.portal"],
    ["cms"],
]
# The project's wiring sits above every app: settings and the URLconfs that route to the
# views of several apps (the site's, and the seller portal's one namespace).
TOP = {
    "marketplace.settings",
    "marketplace.urls",
    "marketplace.wsgi",
    "marketplace.asgi",
    "marketplace.portal.urls",
}
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _app_of(module: str) -> str | None:
    if module in TOP or module.startswith("marketplace.settings"):
        return None
    for app in LEVEL:
        if module == app or module.startswith(app + "."):
            return app
    return None


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("marketplace", "catalog", "traceability", "cms"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, *, at_import_time: bool = False) -> set[str]:
    """Every module `module` imports; with at_import_time, only those its body imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in tree.body if at_import_time else ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{alias.name}" for alias in node.names)
    return out


def _graph(*, at_import_time: bool = False) -> dict[str, set[str]]:
    modules = _modules()
    return {
        module: {
            name
            for name in _imports(module, path, at_import_time=at_import_time)
            if name in modules
        }
        for module, path in modules.items()
    }


def test_every_app_module_is_in_a_layer():
    orphans = [
        m for m in _modules() if _app_of(m) is None and not any(m.startswith(t) for t in TOP)
    ]
    orphans = [m for m in orphans if m not in ("marketplace",)]
    assert orphans == [], "place these apps in LAYERS (and in README's Architecture)"


def test_imports_go_down_the_layers():
    wrong = []
    for module, targets in _graph().items():
        source = _app_of(module)
        if source is None:
            continue
        for target in targets:
            app = _app_of(target)
            if app is None or app == source:
                continue
            if LEVEL[app] >= LEVEL[source]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles_between_modules():
    """A deferred import inside a function is how a cycle hides; apps may not cycle at all
    (the layers above), and modules may not cycle at import time."""
    graph = _graph(at_import_time=True)
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the stack, 2 done
    cycles = []

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node:
                continue
            if state[nxt] == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif state[nxt] == 0:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state[node] == 0:
            visit(node, [])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_nothing_imports_cms():
    bad = [
        f"{m} -> {t}"
        for m, targets in _graph().items()
        if _app_of(m) not in (None, "cms")
        for t in targets
        if _app_of(t) == "cms"
    ]
    assert not bad, "\n".join(sorted(bad))


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function's body, past its signature and docstring."""
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:] or body
    return node.end_lineno - body[0].lineno + 1


def test_no_function_body_is_longer_than_fifty_lines():
    """Long functions are where behaviour hides (STYLE.md 17): split by meaning."""
    long = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if (length := _body_lines(node)) > 50:
                    long.append(f"{module}.{node.name}: {length} lines")
    assert not long, "\n".join(sorted(long))
