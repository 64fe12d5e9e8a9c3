"""The shape of the code, checked: no module over 400 lines, no function over 60 lines or
over cyclomatic complexity 15 (radon's measure), no import cycle inside the package, and
the stages import only downwards (reading and analysis never import rendering or site).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
MAX_MODULE_LINES, MAX_FUNCTION_LINES, MAX_COMPLEXITY = 400, 60, 15
#: which stage may import which (besides the package's top-level modules)
LAYERS = {"reading": set(), "analysis": {"reading"}, "rendering": {"reading", "analysis"},
          "site": {"reading", "analysis", "rendering"}, "sphinxext": set(),
          "resolve": {"reading", "analysis", "site"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The package modules ``path`` imports (relative imports resolved)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    known = {module_name(p) for p in MODULES}
    return {m for m in found if m in known and m != module_name(path)}


def test_modules_are_short() -> None:
    long = {module_name(p): n for p in MODULES
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def functions(path: Path) -> list[Any]:
    """Every function and method of a module (radon's blocks; a class is its methods)."""
    out = []
    for block in cc_visit(path.read_text("utf-8")):
        out.extend(block.methods if hasattr(block, "methods") else [block])
    return out


def test_functions_are_short_and_simple() -> None:
    problems = []
    for path in MODULES:
        for block in functions(path):
            length = block.endline - block.lineno + 1
            if length > MAX_FUNCTION_LINES or block.complexity > MAX_COMPLEXITY:
                problems.append(f"{module_name(path)}.{block.name}: {length} lines, "
                                f"complexity {block.complexity}")
    assert problems == []


def test_no_import_cycle() -> None:
    graph = {module_name(p): imports(p) for p in MODULES}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append([*stack[stack.index(node):], node])
            return
        for nxt in sorted(graph.get(node, ())):
            if not nxt.startswith(node + ".") and not node.startswith(nxt + "."):
                visit(nxt, [*stack, node])

    for start in sorted(graph):
        visit(start, [])
    assert cycles == []


@pytest.mark.parametrize("stage", sorted(LAYERS))
def test_stages_import_only_downwards(stage: str) -> None:
    allowed = LAYERS[stage] | {stage}
    wrong = {}
    for path in MODULES:
        name = module_name(path)
        if not name.startswith(f"litreview.{stage}"):
            continue
        bad = {m for m in imports(path) if m.count(".") >= 1
               and m.split(".")[1] in LAYERS and m.split(".")[1] not in allowed}
        if bad:
            wrong[name] = sorted(bad)
    assert wrong == {}
