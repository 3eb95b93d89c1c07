"""Files in a submission that are not part of the assignment, named for the instructor, one line each.

A stratkit submission is the notebook(s), the answer file (with its lock file, interrupted saves and
``.bad-*`` copies), nbgrader's own files (``timestamp.txt``, ``submission_secret.txt``, a fetched
``feedback/`` folder, ``.ipynb_checkpoints``), and the files the assignment was released with.
Anything else came from the student. Grading runs none of it (stratkit's ``GradingKernelManager``
starts the kernel so that it imports nothing from the submission folder, see docs/protection.md),
but a module named ``stratkit.py`` or a ``sitecustomize.py`` beside a notebook is an attempt worth a
word with the student, and the first thing to look at when nbgrader's score differs from stratkit's.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from pathlib import Path

from stratkit.answers.store import LOCK_FILE, STORE_FILE

#: Names every stratkit submission may hold besides the released files (glob patterns).
EXPECTED = (STORE_FILE, f"{STORE_FILE}.bad-*", LOCK_FILE, f".{STORE_FILE}.*.tmp", "timestamp.txt",
            "submission_secret.txt", ".ipynb_checkpoints", "*.ipynb", "feedback")

_CONFIG = ("ipython_config.py", "ipython_config.json", "ipython_kernel_config.py", "ipython_kernel_config.json",
           "jupyter_*config*.py", "jupyter_*config*.json", "nbgrader_config.py", "nbgrader_config.json",
           "*_config.py", "*_config.json")
_CONFIG_FOLDERS = (".ipython", ".jupyter", "profile_*", "startup", "etc", "share")


@dataclass(frozen=True)
class ExtraFile:
    """One file or folder of a submission that is not part of the assignment."""

    folder: str  # how the submission folder is named for the instructor: submitted/bob/ps1
    name: str  # stratkit.py, or stratkit/ for a folder
    what: str  # what it is, and that grading never runs it

    def __str__(self) -> str:
        return f"{self.folder}/{self.name}: {self.what}"


def _matches(name: str, patterns: Collection[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


#: (kind of file, test on its name) -> what a line says about it, in order: the first match wins
_FILE_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda name: name in ("sitecustomize.py", "usercustomize.py"), "a Python start-up hook; grading never runs it"),
    (lambda name: _matches(name, _CONFIG),
     "an IPython/Jupyter configuration file; the grading kernel never reads it"),
    (lambda name: name.lower().endswith(".pth"), "a Python path file (.pth); grading never reads it"),
    (lambda name: name.lower().endswith((".pyc", ".pyo")), "compiled Python code; grading never loads it"),
    (lambda name: name.lower().endswith((".so", ".pyd", ".dylib")),
     "a compiled Python extension; grading never loads it"),
    (lambda name: name.lower().endswith((".py", ".pyw")),
     "a Python module beside the notebook; grading never imports it"),
)
_FOLDER_RULES: tuple[tuple[Callable[[Path], bool], str], ...] = (
    (lambda path: path.name == "__pycache__", "compiled Python files{n}; grading never loads them"),
    (lambda path: _matches(path.name, _CONFIG_FOLDERS),
     "a folder of IPython/Jupyter configuration or start-up files{n}; the grading kernel never reads it"),
    (lambda path: (path / "__init__.py").is_file(), "a Python package{n}; grading never imports it"),
    (lambda path: path.name.isidentifier(),
     "a folder named like a Python package (a namespace package){n}; grading never imports from it"),
)


def describe(path: Path) -> str:
    """What a file or folder in a submission folder is, and why grading does not run it."""
    if path.is_dir():
        count = sum(1 for p in path.rglob("*") if p.is_file())
        files = f" ({count} file{'' if count == 1 else 's'})"
        what = next((text for test, text in _FOLDER_RULES if test(path)),
                    "a folder the assignment does not use{n}; grading never reads it")
        return what.format(n=files)
    return next((text for test, text in _FILE_RULES if test(path.name)),
                "a file the assignment does not use; grading never reads it")


def extra_files(folder: Path, released: Collection[str] = (), *, label: str | None = None) -> list[ExtraFile]:
    """Every file or folder in ``folder`` that is not part of the submission, sorted by name.

    ``released`` names the files the assignment was released with (its public exercise files);
    ``label`` is how lines name the folder (default: its last three parts, ``submitted/bob/ps1``).
    ``str()`` of each is one line for the instructor.
    """
    if not folder.is_dir():
        return []
    label = label or "/".join(folder.parts[-3:])
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if _matches(path.name, EXPECTED) or path.name in released:
            continue
        found.append(ExtraFile(label, path.name + ("/" if path.is_dir() else ""), describe(path)))
    return found
