"""The grading kernel imports nothing from its working folder, name by name and kind by kind.

Every module name Python knows (the standard library's and every installed distribution's) is
planted in a folder as a module, as a package and as a plain folder, next to Python's start-up hooks,
IPython and Jupyter configuration and start-up files, and compiled files. Each planted file logs its
name when it runs and then steps aside for the real module, so the kernel keeps working. A kernel is
then started on that folder the way nbgrader's Execute starts it (nbclient, the folder as working
folder, ``import stratkit`` in ``exec_lines``): with stratkit's ``GradingKernelManager`` nothing
planted runs and no module comes from the folder; with a stock start (``isolate=False``) the
launcher's and stratkit's names do (so the test can fail).
"""

from __future__ import annotations

import importlib.metadata
import json
import py_compile
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

from stratkit.grading.preprocessors.grading_kernel import GradingKernelManager

from .planted import FULL_MARKS, RUN_THE_REAL_LAUNCHER, TAKE_ITS_PLACE, json_config

pytestmark = pytest.mark.slow

INTROSPECT = """
import json, os, sys
here = os.path.realpath(os.getcwd())
def inside(p):
    p = os.path.realpath(str(p) or '.')
    return p == here or p.startswith(here + os.sep)
loaded = sorted(n for n, m in list(sys.modules.items()) if m is not None and (
    (isinstance(getattr(m, '__file__', None), str) and inside(m.__file__))
    or any(inside(p) for p in list(getattr(m, '__path__', None) or []))))
import stratkit
print(json.dumps({"cwd": here, "loaded": loaded, "stratkit": stratkit.__file__,
                  "on_path": [p for p in sys.path if p in ('', '.') or inside(p)]}))
"""


def module_names() -> list[str]:
    """Every top-level module name of the standard library and of the installed distributions."""
    names = set(sys.stdlib_module_names) | set(importlib.metadata.packages_distributions())
    return sorted(n for n in names if n.isidentifier() and n not in sys.builtin_module_names and n != "__future__")


def payload(log: Path, tag: str, *, module: bool) -> str:
    return FULL_MARKS.format(log=str(log), tag=tag) + (TAKE_ITS_PLACE if module else "")


def launcher(log: Path, tag: str) -> str:
    return FULL_MARKS.format(log=str(log), tag=tag) + RUN_THE_REAL_LAUNCHER


def plant(folder: Path, kind: str, log: Path) -> None:
    folder.mkdir(parents=True)
    if kind == "modules":
        for name in module_names():
            (folder / f"{name}.py").write_text(payload(log, f"module:{name}", module=True))
        # run as the kernel's __main__: log, then start the real kernel
        (folder / "ipykernel_launcher.py").write_text(launcher(log, "module:ipykernel_launcher"))
    elif kind == "packages":
        for name in module_names():
            (folder / name).mkdir()
            (folder / name / "__init__.py").write_text(payload(log, f"package:{name}", module=True))
        (folder / "ipykernel_launcher" / "__init__.py").write_text(payload(log, "package:ipykernel_launcher",
                                                                           module=False))
        (folder / "ipykernel_launcher" / "__main__.py").write_text(launcher(log, "package:ipykernel_launcher"))
    elif kind == "namespaces":
        for name in module_names():
            (folder / name).mkdir()
            (folder / name / "README.txt").write_text("a folder named like a module")
    else:  # hooks, configuration, start-up files, compiled files
        for name in ["sitecustomize.py", "usercustomize.py", "ipython_config.py", "ipython_kernel_config.py",
                     "jupyter_config.py", "jupyter_client_config.py", "nbgrader_config.py",
                     "profile_default/startup/00-planted.py", "profile_default/ipython_kernel_config.py",
                     ".ipython/profile_default/startup/00-planted.py", ".ipython/profile_default/ipython_config.py",
                     ".jupyter/jupyter_config.py", "startup/00-planted.py"]:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(payload(log, f"other:{name}", module=False))
        for name in ["ipython_kernel_config.json", "ipython_config.json", "jupyter_config.json"]:
            (folder / name).write_text(json_config(log, f"other:{name}"))
        (folder / "planted.pth").write_text(f"import sys; exec({payload(log, 'other:planted.pth', module=False)!r})\n")
        source = folder.parent / f"{folder.name}-sources"
        source.mkdir()
        for name in ["stratkit", "pathlib", "json"]:  # sourceless .pyc beside the notebook, and in __pycache__
            (source / f"{name}.py").write_text(payload(log, f"compiled:{name}", module=True))
            py_compile.compile(str(source / f"{name}.py"), cfile=str(folder / f"{name}.pyc"), doraise=True)
            cached = folder / "__pycache__" / f"{name}.{sys.implementation.cache_tag}.pyc"
            cached.parent.mkdir(exist_ok=True)
            py_compile.compile(str(source / f"{name}.py"), cfile=str(cached), doraise=True)


def run_kernel(folder: Path, *, isolate: bool) -> dict[str, object]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(INTROSPECT)])
    client = NotebookClient(notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}},
                            kernel_manager_class=GradingKernelManager,
                            extra_arguments=["--IPKernelApp.exec_lines=import stratkit"],
                            config=Config({"GradingKernelManager": {"isolate": isolate}}))
    client.execute()
    outputs = notebook.cells[0].outputs
    text = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    assert text, outputs
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("planted")
    out = {}
    for kind in ("modules", "packages", "namespaces", "other"):
        log = root / f"{kind}.log"
        plant(root / kind, kind, log)
        out[kind] = (root / kind, log)
    return out


def ran(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.mark.parametrize("kind", ["modules", "packages", "namespaces", "other"])
def test_the_grading_kernel_imports_nothing_from_its_folder(folders, kind):
    folder, log = folders[kind]
    seen = run_kernel(folder, isolate=True)
    assert ran(log) == []
    assert seen["loaded"] == [] and seen["on_path"] == []
    assert seen["cwd"] == str(folder.resolve())  # the notebook still runs in the grading folder
    import stratkit

    assert seen["stratkit"] == stratkit.__file__


def test_a_stock_kernel_runs_what_is_planted(folders):
    # the evidence behind docs/protection.md: what an undefended kernel runs from its folder
    modules, modules_log = folders["modules"]
    seen = run_kernel(modules, isolate=False)
    tags = set(ran(modules_log))
    # the kernel's launcher itself, standard library modules Python imports to run it (importlib and
    # contextlib here; pathlib too when the real launcher runs from the folder: tests in the batch),
    # and grading's own
    assert {"module:ipykernel_launcher", "module:stratkit"} <= tags, tags
    assert [t for t in tags if t.split(":")[1] in sys.stdlib_module_names], tags
    packages, packages_log = folders["packages"]
    run_kernel(packages, isolate=False)
    assert {"package:ipykernel_launcher", "package:stratkit"} <= set(ran(packages_log))
    namespaces, _ = folders["namespaces"]
    seen = run_kernel(namespaces, isolate=False)
    assert seen["loaded"], seen  # names the kernel tries and lacks (nt, _winapi on Linux) come from the folder
    other, other_log = folders["other"]
    seen = run_kernel(other, isolate=False)
    # a sourceless stratkit.pyc (and pathlib.pyc, at the launcher's start) beside the notebook runs
    assert {"compiled:stratkit", "compiled:pathlib"} <= set(ran(other_log)), ran(other_log)
    # measured: Python's start-up hooks and IPython/Jupyter configuration in the folder are not read
    assert not [t for t in ran(other_log) if t.startswith("other:")], ran(other_log)
