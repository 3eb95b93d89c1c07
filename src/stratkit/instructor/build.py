"""Turn exercise files into nbgrader source notebooks, and those into the student release.

An instructor writes YAML only: ``solutions/<assignment>/assignment.yaml`` plus one key file per
exercise in ``solutions/<assignment>/keys/``. This writes, beside them, a public copy of each
exercise (no key, but the definitions of the glossary terms its prompt links to) and the source
notebook whose hidden test cells carry the key inline; then ``nbgrader generate_assignment`` makes
``exercises/<assignment>/`` and registers the assignment, its notebook and grade cells in
``gradebook.db`` (``nbgrader release_assignment`` alone does not, and ``nbgrader autograde`` then fails
for every student). When the course has a glossary (``course/glossary.yaml``), the glossary notebook
``course/07-glossary.ipynb`` is written from it first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.answers.notebook_copy import KERNELSPEC
from stratkit.answers.store import STORE_FILE
from stratkit.content.glossary import GLOSSARY_FILE, Glossary, check_glossary, link_problems, with_terms
from stratkit.content.keyblob import encode_key
from stratkit.content.loading import ExerciseFileError, Problem, check_assignment_manifest, load_exercise, read_text
from stratkit.instructor.glossary_notebook import GLOSSARY_NOTEBOOK, glossary_notebook_text

if TYPE_CHECKING:
    from stratkit.content.model import AnyExercise

NBGRADER_SCHEMA = 3


class BuildError(RuntimeError):
    """The sources cannot be built; the message lists what to fix."""


def _cell(kind: str, source: str, grade_id: str, *, points: float | None = None) -> dict[str, Any]:
    nbgrader: dict[str, Any] = {"grade": points is not None, "grade_id": grade_id, "locked": True,
                                "schema_version": NBGRADER_SCHEMA, "solution": False, "task": False}
    if points is not None:
        nbgrader["points"] = points
    cell: dict[str, Any] = {"cell_type": kind, "id": grade_id, "metadata": {"nbgrader": nbgrader,
                                                                            "editable": False, "deletable": False},
                            "source": source}
    if kind == "code":  # students answer by clicking: the code that shows an exercise stays folded away
        cell["metadata"]["jupyter"] = {"source_hidden": True}
        cell.update(execution_count=None, outputs=[])
    return cell


def _points(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def exercise_cell_source(exercise: AnyExercise) -> str:
    """One cell per exercise: students see the widget; the hidden part grades it.

    One cell rather than a widget cell plus a test cell: fewer cells to scroll past, and nbgrader's
    per-cell cost is most of what an assignment adds to autograde time (see benchmarks/).
    """
    return ("import stratkit\n"
            f'stratkit.show("{exercise.id}")\n'
            "### BEGIN HIDDEN TESTS\n"
            f'stratkit.grade("{exercise.id}", points={_points(exercise.points)}, key="{encode_key(exercise)}")\n'
            "### END HIDDEN TESTS")


def source_notebook(manifest: dict[str, Any], exercises: list[AnyExercise]) -> dict[str, Any]:
    total = sum(e.points for e in exercises)
    listing = "\n".join(f"{n}. {e.title} ({_points(e.points)} points)" for n, e in enumerate(exercises, 1))
    cells = [
        _cell("markdown", f"# {manifest['title']}\n\n{manifest['intro'].strip()}\n\n{listing}\n\n"
                          f"**Total: {_points(total)} points.** Run every cell from the top "
                          "(menu *Run > Run All Cells*), then answer by clicking. Your answers save "
                          "as you go: when an exercise says **Saved**, its answer is in this notebook file "
                          "(there is nothing else to save).", "intro"),
    ]
    for exercise in exercises:
        cells.append(_cell("code", exercise_cell_source(exercise), f"grade-{exercise.id}",
                           points=_points(exercise.points)))
    cells.append(_cell("markdown", "## Done?\n\nCheck that each exercise says **Saved**. Then hand in the way "
                                   "your instructor asked:\n\n- **On JupyterHub**: press **Submit** next to this "
                                   "problem set in the *Assignments* tab (no download needed).\n- **On the course "
                                   "website, or to upload to your course page**: press **Download for submission** "
                                   f"below; it saves this notebook and downloads it as `{manifest['id']}.ipynb`, the "
                                   "file to upload. On the course website your answers are kept in this browser "
                                   "until you download them.", "done"))
    cells.append(_cell("code", f'import stratkit\nstratkit.download_button("{manifest["id"]}")', "download"))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
            "stratkit": {"assignment": manifest["id"]},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def course_glossary(course_root: Path) -> Glossary | None:
    """The course's glossary (``course/glossary.yaml``), or None if it has none; BuildError if it is broken."""
    path = course_root / "course" / GLOSSARY_FILE
    if not path.is_file():
        return None
    glossary, problems = check_glossary(path)
    if glossary is None:
        raise BuildError("\n".join(str(p) for p in problems))
    return glossary


def build_glossary(course_root: Path) -> list[Path]:
    """Write ``course/07-glossary.ipynb`` from ``course/glossary.yaml``; return it if it changed."""
    glossary = course_glossary(course_root)
    if glossary is None:
        return []
    target = glossary.path.parent / GLOSSARY_NOTEBOOK
    return [target] if _write_if_changed(target, glossary_notebook_text(glossary)) else []


def _glossary_problems(key_file: Path, glossary: Glossary | None) -> list[Problem]:
    text, _ = read_text(key_file)
    known = glossary.anchors() if glossary is not None else None
    return link_problems(text or "", str(key_file), known, looked_for=f"course/{GLOSSARY_FILE}")


def build_source(assignment_dir: Path, glossary: Glossary | None = None) -> list[Path]:
    """Write public exercise copies and the source notebook of one assignment; return changed files.

    Each public copy carries the definitions (from ``glossary``) of the terms its prompt links to; a
    link to a term the glossary lacks, or any link when there is no glossary, stops the build.
    """
    import yaml

    manifest_path = assignment_dir / "assignment.yaml"
    problems: list[Problem] = check_assignment_manifest(manifest_path)
    if problems:
        raise BuildError("\n".join(str(p) for p in problems))
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    exercises: list[AnyExercise] = []
    for exercise_id in manifest["exercises"]:
        key_file = assignment_dir / "keys" / f"{exercise_id}.yaml"
        try:
            exercises.append(load_exercise(key_file))
        except ExerciseFileError as exc:
            problems += exc.problems
            continue
        problems += _glossary_problems(key_file, glossary)
    if problems:
        raise BuildError("\n".join(str(p) for p in problems))
    stray = assignment_dir / STORE_FILE
    if stray.exists():
        raise BuildError(f"{stray}: an answer file in the source assignment would be released to every student: "
                         "delete it (it was made by trying the notebook in solutions/)")
    changed = []
    for exercise in exercises:
        released = with_terms(exercise, glossary) if glossary is not None else exercise
        public = yaml.safe_dump(released.to_dict(public=True), sort_keys=False, allow_unicode=True, width=100)
        target = assignment_dir / f"{exercise.id}.yaml"
        header = "# Made by 'stratkit build' from keys/: edit the key file, not this one.\n"
        if _write_if_changed(target, header + public):
            changed.append(target)
    notebook = json.dumps(source_notebook(manifest, exercises), indent=1, ensure_ascii=False) + "\n"
    target = assignment_dir / f"{manifest['id']}.ipynb"
    if _write_if_changed(target, notebook):
        changed.append(target)
    return changed


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs ``alembic`` by name: put this Python's bin folder first on PATH."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run_nbgrader(args: list[str], course_root: Path) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command in the course folder; BuildError with its last lines on failure."""
    process = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course_root, env=nbgrader_env(),
                             capture_output=True, text=True, check=False)
    if process.returncode != 0:
        tail = "\n".join((process.stdout + process.stderr).strip().splitlines()[-15:])
        raise BuildError(f"nbgrader {' '.join(args)} failed in {course_root}:\n{tail}")
    return process


def assignments(course_root: Path) -> list[str]:
    solutions = course_root / "solutions"
    return sorted(p.parent.name for p in solutions.glob("*/assignment.yaml"))


def build(course_root: Path, names: list[str] | None = None, *, release: bool = True) -> list[Path]:
    """Build the glossary notebook, then the named assignments (all by default): sources, then the release."""
    names = names or assignments(course_root)
    changed = build_glossary(course_root)
    glossary = course_glossary(course_root)
    for name in names:
        folder = course_root / "solutions" / name
        if not (folder / "assignment.yaml").exists():
            raise BuildError(f"{folder}/assignment.yaml: no such assignment: create it or check the name")
        changed += build_source(folder, glossary)
        if release:  # with the gradebook: nbgrader autograde needs the assignment registered there
            run_nbgrader(["generate_assignment", name, "--force"], course_root)
    return changed
