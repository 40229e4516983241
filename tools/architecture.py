"""Measure the package's shape: import circles, top-level modules and the largest modules.

Run as ``python tools/architecture.py`` (a report) or with ``--check`` (exit 1 when a target is
missed: a circle, a module over the line limit, too many modules directly under the package).
Every import counts, at module level or inside a function; a ``TYPE_CHECKING`` import does not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import grimp

PACKAGE = "docgen"
MAX_LINES = 600
MAX_TOP_LEVEL = 8


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm over the module graph: the circles, each as its sorted modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(10_000)

    def visit(module: str) -> None:
        nonlocal counter
        index[module] = low[module] = counter
        counter += 1
        stack.append(module)
        on_stack.add(module)
        for target in graph.find_modules_directly_imported_by(module):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def module_lines(root: Path) -> list[tuple[int, str]]:
    sizes = []
    for path in sorted(root.rglob("*.py")):
        with path.open(encoding="utf-8") as handle:
            sizes.append((sum(1 for _ in handle), str(path.relative_to(root.parent))))
    return sorted(sizes, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--largest", type=int, default=8, help="how many of the largest to list")
    args = parser.parse_args()

    root = Path(__file__).resolve().parents[1] / "src" / PACKAGE
    sys.path.insert(0, str(root.parent))
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    circles = strongly_connected(graph)
    top_level = sorted(p.name for p in root.glob("*.py"))
    sizes = module_lines(root)
    too_long = [(n, p) for n, p in sizes if n > MAX_LINES]

    print(f"import circles: {len(circles)}")
    for circle in circles:
        print(f"  {len(circle)} modules: {', '.join(circle)}")
    print(f"modules directly under src/{PACKAGE}/: {len(top_level)} ({', '.join(top_level)})")
    print(f"modules: {len(sizes)}, lines: {sum(n for n, _ in sizes)}")
    print(f"largest modules (limit {MAX_LINES} lines):")
    for lines, path in sizes[: args.largest]:
        print(f"  {lines:5d}  {path}")
    if not args.check:
        return 0
    failed = bool(circles) or bool(too_long) or len(top_level) > MAX_TOP_LEVEL
    if too_long:
        print("over the limit: " + ", ".join(f"{p} ({n})" for n, p in too_long))
    if len(top_level) > MAX_TOP_LEVEL:
        print(f"more than {MAX_TOP_LEVEL} modules directly under src/{PACKAGE}/")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
