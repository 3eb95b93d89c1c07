"""Which notebook in a submission is the assignment's: by what the notebook says, not by its file name.

File names lie. A student renames ``ps1.ipynb`` to ``ps1-alice.ipynb``; an LMS download of a
second upload becomes ``ps1 (1).ipynb`` (Canvas: ``ps1-1.ipynb``); a browser-only Jupyter
(JupyterLite) downloads ``folder/ps1.ipynb`` as ``folder_ps1.ipynb``. nbgrader grades a notebook only
under the source notebook's exact name, and gives 0 for a missing one. Every notebook stratkit
builds says which assignment it is (``metadata.stratkit.assignment``) and carries one grade cell per
exercise (``grade-<exercise id>``), so the right file can be found by its content:

1. A notebook belongs to the assignment its metadata names; without that metadata (stripped by some
   tool), to the assignment whose grade cells it holds; a notebook with neither is matched by its
   file name only.
2. When several notebooks of one student belong to the same assignment notebook, the one with the
   newest saved answer is graded (the student's last action, the rule the answer copies follow);
   on a tie, the one already under the right name, then the first by name. The others stay in
   the folder under their own names (a graded name that loses is renamed to ``... (older
   answers).ipynb``), so nothing is lost and nbgrader ignores them.
3. A notebook that needs it is re-saved as plain UTF-8: one that starts with a byte-order mark or
   is UTF-16 (re-saved by another tool) is the same notebook, but nbgrader cannot read it.

:func:`plan_folder` decides, without touching anything; :func:`apply_plan` renames and re-encodes;
each :class:`Plan` holds one line per notebook saying what was matched and why. ``stratkit grade``
reads the plan without applying it; stratkit's nbgrader plugins (collect, zip_collect, autograde)
apply it, so nbgrader grades the same file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratkit.answers.notebook_copy import decode_notebook, notebook_assignment, records_in_notebook
from stratkit.answers.record import newest

GRADE_PREFIX = "grade-"
OLDER = " (older answers)"


def grade_ids(notebook: Mapping[str, Any]) -> set[str]:
    """The nbgrader ``grade_id`` of every grade cell in a notebook (student data: read defensively)."""
    ids: set[str] = set()
    cells = notebook.get("cells")
    for cell in cells if isinstance(cells, list) else ():
        metadata = cell.get("metadata") if isinstance(cell, Mapping) else None
        nbgrader = metadata.get("nbgrader") if isinstance(metadata, Mapping) else None
        if isinstance(nbgrader, Mapping) and nbgrader.get("grade") and type(nbgrader.get("grade_id")) is str:
            ids.add(nbgrader["grade_id"])
    return ids


def source_notebooks(folder: Path) -> dict[str, set[str]]:
    """``{file name: grade ids}`` of the notebooks in an assignment's source (or release) folder."""
    out: dict[str, set[str]] = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            text, _ = decode_notebook(path.read_bytes())
            data = json.loads(text)
        except (OSError, ValueError):
            continue
        out[path.name] = grade_ids(data) if isinstance(data, dict) else set()
    return out


@dataclass
class Candidate:
    """One ``.ipynb`` in a submission folder, as read for matching."""

    path: Path
    data: dict[str, Any] | None  # None: unreadable
    assignment: str | None  # what its content says (metadata, else grade cells)
    how: str  # why: "its notebook metadata", "its exercise cells", or "" (nothing says)
    notebook: str | None  # which of the assignment's notebooks it is
    newest: str  # newest saved answer in it ("" when none)
    encoding: str | None  # what had to be undone to read it (a byte-order mark...)
    problem: str | None = None


def read_candidate(path: Path, assignment: str, expected: Mapping[str, set[str]],
                   others: Mapping[str, set[str]] | None = None) -> Candidate:
    """Read one notebook and say which assignment (and which of its notebooks) it is."""
    try:
        raw = path.read_bytes()
        text, encoding = decode_notebook(raw)
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
            raise ValueError("not a notebook")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        why = "cannot be read" if isinstance(exc, OSError) else "is not a readable notebook"
        return Candidate(path, None, None, "", None, "", None, f"{path.name} {why}")
    said = notebook_assignment(data)
    ids = grade_ids(data)
    if said is not None:
        owner, how = said, "its notebook metadata"
    else:
        owner, how = None, ""
        ours = set().union(*expected.values()) if expected else set()
        if ids & ours:
            owner, how = assignment, "its exercise cells"
        elif others:
            for name, other_ids in others.items():
                if ids & other_ids:
                    owner, how = name, "its exercise cells"
                    break
    notebook = None
    if owner == assignment and expected:
        if len(expected) == 1:
            notebook = next(iter(expected))
        else:  # several notebooks: the one whose grade cells it shares most, else its own name
            best = max(expected, key=lambda n: (len(ids & expected[n]), n == path.name))
            notebook = best if ids & expected[best] else (path.name if path.name in expected else None)
    records = records_in_notebook(data)
    top = newest(records)
    return Candidate(path, data, owner, how, notebook, str(top["saved_at"]) if top else "", encoding)


@dataclass
class Plan:
    """What to do in one submission folder so nbgrader grades the right notebook under the right name."""

    folder: Path
    assignment: str
    graded: dict[str, Path] = field(default_factory=dict)  # expected name -> the file to grade as that name
    renames: list[tuple[Path, Path]] = field(default_factory=list)  # (from, to), applied in order
    reencode: list[Path] = field(default_factory=list)  # files (final paths) to re-save as plain UTF-8
    lines: list[str] = field(default_factory=list)  # one per notebook: what was matched and why
    unusual: list[str] = field(default_factory=list)  # the lines that are not "graded as it is"

    @property
    def changes(self) -> bool:
        return bool(self.renames or self.reencode)


def plan_folder(folder: str | Path, assignment: str, expected: Mapping[str, set[str]], *,
                others: Mapping[str, set[str]] | None = None, who: str | None = None) -> Plan:
    """Decide which file in ``folder`` is each of the assignment's notebooks (``expected``: name -> grade ids).

    ``others``: grade ids of other assignments' notebooks, to recognise a notebook of another
    assignment whose metadata was stripped. ``who`` prefixes each line (the student id).
    """
    folder = Path(folder)
    plan = Plan(folder, assignment)
    prefix = f"{who}: " if who else ""
    candidates = [read_candidate(p, assignment, expected, others) for p in sorted(folder.glob("*.ipynb"))]

    def line(text: str, unusual: bool = True) -> None:
        plan.lines.append(prefix + text)
        if unusual:
            plan.unusual.append(prefix + text)

    taken: dict[str, Candidate] = {}
    for name in sorted(expected):
        mine = [c for c in candidates if c.assignment == assignment and c.notebook == name]
        if not mine:  # nothing says it is this notebook: a file under the right name that says nothing
            same = [c for c in candidates if c.path.name == name and c.assignment is None and c.data is not None]
            mine = same
        if not mine:
            occupant = next((c for c in candidates if c.path.name == name), None)
            if occupant is not None:  # nbgrader grades it by its name; say what it really holds
                plan.graded[name] = occupant.path
                taken[name] = occupant
                line(f"{name}: graded by its name, but it holds "
                     + (occupant.problem or _what(occupant)) + f": the student's {assignment} notebook is not here")
            continue
        winner = max(mine, key=lambda c: (c.newest, c.path.name == name, [-ord(ch) for ch in c.path.name]))
        taken[name] = winner
        plan.graded[name] = folder / name
    moved: set[Path] = set()
    for name, winner in taken.items():
        target = folder / name
        if winner.assignment != assignment and not (winner.assignment is None and winner.data is not None):
            continue  # the misfit above: nothing to move
        occupant = next((c for c in candidates if c.path.name == name), None)
        if occupant is not None and occupant is not winner:
            aside = _free_name(folder, Path(name).stem + OLDER, {c.path.name for c in candidates})
            plan.renames.append((occupant.path, aside))
            moved.add(occupant.path)
            if occupant.assignment == assignment:
                line(f"{name}: not graded: {winner.path.name} holds newer answers "
                     f"({_when(winner.newest)} against {_when(occupant.newest)}); kept as {aside.name}")
            elif occupant.data is None:
                line(f"{name}: not graded: {occupant.problem}; kept as {aside.name}")
            else:
                line(f"{name}: not graded: it holds {_what(occupant)}; kept as {aside.name}")
        if winner.path.name != name:
            plan.renames.append((winner.path, target))
            line(f"{winner.path.name} -> {name}: graded, because {because(winner, assignment)}"
                 + (f" and it holds the newest answers ({_when(winner.newest)})" if len(
                     [c for c in candidates if c.assignment == assignment]) > 1 else ""))
        else:
            how = f"; {winner.how} agrees" if winner.how else "; it carries no stratkit mark, so its name decides"
            line(f"{name}: graded as it is{how}", unusual=not winner.how)
        if winner.encoding:
            plan.reencode.append(target)
            line(f"{name}: re-saved as plain UTF-8 (it was {winner.encoding}), so nbgrader reads the same notebook")
    for c in candidates:
        if c in taken.values() or c.path in moved:
            continue
        if c.data is None:
            line(f"{c.path.name}: not graded: {c.problem}")
        elif c.assignment == assignment:
            best = taken.get(c.notebook or "")
            if best is not None:
                line(f"{c.path.name}: not graded: {best.path.name} holds newer answers "
                     f"({_when(best.newest)} against {_when(c.newest)})")
            else:
                line(f"{c.path.name}: not graded: it is {assignment}'s but matches none of its notebooks")
        else:
            line(f"{c.path.name}: not graded: it holds {_what(c)}")
    return plan


def because(c: Candidate, assignment: str) -> str:
    """Why a notebook counts as ``assignment``'s, in words."""
    if c.how == "its notebook metadata":
        return f"its notebook metadata says {assignment}"
    if c.how:
        return f"its exercise cells are {assignment}'s"
    return "it carries no stratkit mark"


def _what(c: Candidate) -> str:
    return f"assignment {c.assignment} ({c.how})" if c.assignment else "no stratkit exercise of this assignment"


def _when(stamp: str) -> str:
    return f"saved {stamp[:19].replace('T', ' ')} UTC" if stamp else "no saved answer"


def _free_name(folder: Path, stem: str, used: Iterable[str]) -> Path:
    taken = set(used)
    n, candidate = 1, f"{stem}.ipynb"
    while candidate in taken or (folder / candidate).exists():
        n += 1
        candidate = f"{stem} {n}.ipynb"
    return folder / candidate


def apply_plan(plan: Plan) -> None:
    """Rename and re-encode as planned. Renames go through a temporary name, so a swap cannot clobber."""
    staged: list[tuple[Path, Path]] = []
    for n, (source, target) in enumerate(plan.renames):
        temporary = source.with_name(f".stratkit-matching-{os.getpid()}-{n}.tmp")
        source.replace(temporary)
        staged.append((temporary, target))
    for temporary, target in staged:
        temporary.replace(target)
    for path in plan.reencode:
        text, encoding = decode_notebook(path.read_bytes())
        if encoding is None:
            continue
        temporary = path.with_name(f".{path.name}.utf8.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)


def read_as_graded(plan: Plan, name: str) -> tuple[dict[str, Any] | None, Path | None]:
    """The notebook ``plan`` grades as ``name`` (read, not moved), and where it is now."""
    for source, target in plan.renames:
        if target == plan.folder / name:
            return _read(source), source
    path = plan.graded.get(name)
    if path is None or not path.is_file():
        return None, None
    return _read(path), path


def _read(path: Path) -> dict[str, Any] | None:
    try:
        text, _ = decode_notebook(path.read_bytes())
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
