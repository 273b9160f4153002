"""The package's architecture, checked: layers import only downward and no import cycle exists.

Layers, lowest first: errors/files → methods → model → montecarlo → analysis → present → cli.
Every `import` and `from … import` in `src/scenarios` is read with `ast` (function-level imports
included), resolved to a module of the package, and checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "scenarios"
LAYERS = ["errors", "files", "methods", "model", "montecarlo", "analysis", "present", "cli"]
RANK = {"errors": 0, "files": 0, **{name: i for i, name in enumerate(LAYERS)}}
# Result objects keep a `.plot()` convenience (as SALib's do): a call-time import of the
# plotting module, never at import time, and never in the other direction.
CALL_TIME_UP = {("analysis", "present"), ("montecarlo", "present")}


def module_name(path: Path, root: Path = SRC.parent) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = SRC.parent) -> list[tuple[str, bool]]:
    """(imported scenarios module, imported at module level?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]  # a submodule, or a name in target
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "scenarios":
                found.append((name, id(node) in top_level))
    return found


def resolve(name: str, modules: set[str]) -> str | None:
    while name and name not in modules:  # `pkg.mod.func` → `pkg.mod`
        name = name.rpartition(".")[0]
    return name or None


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "root"


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}
GRAPH = {
    m: {(t, top) for name, top in imports(p) if (t := resolve(name, set(MODULES))) and t != m}
    for m, p in MODULES.items()
}


def test_every_subpackage_says_its_job_in_its_first_line():
    for m, p in MODULES.items():
        if p.name == "__init__.py" and m != "scenarios":
            doc = ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
            assert doc and "\n" not in doc.split("\n\n")[0], f"{m} needs a one-line summary"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in RANK))
def test_imports_only_go_down_the_layers(module):
    for target, top in GRAPH[module]:
        src, dst = layer(module), layer(target)
        if dst == "root" or dst == src:
            assert dst != "root", f"{module} imports the package root ({target})"
            continue
        if (src, dst) in CALL_TIME_UP and not top:
            continue
        assert RANK[dst] <= RANK[src], f"{module} ({src}) imports {target} ({dst}), a higher layer"


def test_no_import_cycles():
    """Depth-first search over every import, call-time ones included."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t, _ in sorted(GRAPH[m]):
            if t == "scenarios":  # the package root re-exports the API; nothing imports it
                continue
            if state.get(t) == 1:
                cycle = [*stack[stack.index(t) :], t]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(MODULES):
        if m not in state:
            visit(m)


def test_the_checker_sees_a_cycle_and_an_upward_import(tmp_path):
    """The checks above can fail: a planted pair of modules is caught by both readers."""
    pkg = tmp_path / "scenarios" / "methods"
    pkg.mkdir(parents=True)
    (pkg / "bad.py").write_text("from ..analysis import ranking\nfrom . import worse\n")
    found = imports(pkg / "bad.py", tmp_path)
    assert ("scenarios.analysis.ranking", True) in found
    assert ("scenarios.methods.worse", True) in found
