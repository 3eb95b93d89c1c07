"""The package's folders follow the answer's journey, and no module imports from a later folder.

content -> answers -> scoring -> student -> grading -> instructor -> cli: a newcomer finds each job
from the tree, and a change to the student's kernel can never drag in an instructor tool.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "stratkit"
JOURNEY = ("content", "answers", "scoring", "student", "grading", "instructor", "cli")
#: Top-level modules and where they sit on the journey (the package's public face is exempt).
TOP_LEVEL = {"cli": "cli", "nbgrader_plugins": "grading", "__main__": "cli"}
PUBLIC_FACE = PACKAGE / "__init__.py"


def _stage(module: str) -> str | None:
    """The journey stage of a dotted stratkit module name (None for the bare package)."""
    parts = module.split(".")
    if parts[0] != "stratkit" or len(parts) == 1:
        return None
    head = parts[1]
    return head if head in JOURNEY else TOP_LEVEL.get(head, head)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: use an absolute import (stratkit.<folder>...)"
            if node.module and node.module.split(".")[0] == "stratkit":
                if node.module == "stratkit":  # from stratkit import x: x is a submodule or the public face
                    found += [(node.lineno, f"stratkit.{alias.name}") for alias in node.names]
                else:
                    found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "stratkit"]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p != PUBLIC_FACE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_from_a_later_folder(path: Path) -> None:
    relative = path.relative_to(PACKAGE).with_suffix("")
    own = relative.parts[0] if len(relative.parts) > 1 else TOP_LEVEL[relative.parts[0]]
    for line, module in _imports(path):
        stage = _stage(module)
        assert stage in JOURNEY, f"{path}:{line}: {module} is in no folder of the journey {JOURNEY}"
        assert JOURNEY.index(stage) <= JOURNEY.index(own), (
            f"{path}:{line}: {own}/ imports {module}, which is later on the journey ({' -> '.join(JOURNEY)})")


def test_every_folder_says_in_two_lines_what_it_holds() -> None:
    folders = [p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py"))]
    assert {f.name for f in folders} >= set(JOURNEY) - {"cli"}
    for folder in folders:
        init = folder / "__init__.py"
        assert init.is_file(), f"{folder}: add an __init__.py whose docstring says what the folder holds"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()[0]) > 20, f"{init}: start with a docstring saying what it holds"


def test_only_the_public_face_and_the_cli_sit_at_the_top() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == {"__init__", *TOP_LEVEL}, f"put new modules in a journey folder, not at the top: {sorted(top)}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "widget.py"
    bad.write_text("from stratkit.instructor.export import write_canvas_csv\n", encoding="utf-8")
    (line, module), = _imports(bad)
    assert JOURNEY.index(_stage(module) or "") > JOURNEY.index("student")
