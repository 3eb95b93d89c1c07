"""Start nbgrader's grading kernel so that nothing in the submission folder can be imported.

nbgrader copies every file a student submits into the grading folder and starts the kernel there.
A stock Python kernel then resolves imports from that folder first: ``python -m ipykernel_launcher``
puts its working folder at the head of ``sys.path`` while the interpreter and the launcher load
(a submitted ``runpy.py``, ``pathlib.py`` or ``ipykernel_launcher.py`` runs as the kernel), and
IPython adds ``''`` (the working folder) again before ``site-packages`` (a submitted ``stratkit.py``,
``yaml.py`` or ``stratkit/`` package replaces the real one). Either way the student's code runs as
the instructor, who can read every key and write the gradebook.

:class:`GradingKernelManager` starts the kernel in an empty private folder instead, so nothing the
interpreter, IPython or Jupyter might load from a working folder (modules, packages, ``.pyc``
files, configuration, start-up files) is there to load. The kernel moves into the grading folder
as its first statement (``exec_lines``, before stratkit's ``import stratkit``), with IPython told
not to put the working folder on ``sys.path`` (``InteractiveShellApp.ignore_cwd``) and Python told
the same (``PYTHONSAFEPATH``, Python 3.11+); relative and empty ``PYTHONPATH`` entries, which would
name the working folder, are dropped. The notebook still runs with the grading folder as its working
folder, so ``stratkit.grade`` reads the answers there as data.

:class:`GradingExecute`, nbgrader's ``Execute`` with this manager, is what
:func:`autograde_preprocessors` puts in nbgrader's list. It picks the manager itself when it creates
one, for the assignments in ``GradingExecute.assignments`` (all, when unset): in nbgrader 0.9.6,
``c.Execute.kernel_manager_class`` alone is overridden when ``Execute`` is built (its ``__init__``
passes ``AsyncKernelManager`` as an argument) and applies only because nbconvert reads the
configuration again when a notebook runs, an implementation detail. Settings made for ``Execute``
(``extra_arguments``, ``timeout``) apply to ``GradingExecute`` too.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute
from traitlets import Bool, List, Unicode

#: The grading folder, as the kernel's environment passes it to its first statement.
FOLDER_VARIABLE = "STRATKIT_GRADING_FOLDER"

#: Run first in the kernel: leave the empty folder for the grading folder. Only built-ins and
#: modules the interpreter has already loaded from its own library are used.
CHDIR_LINE = f"import os as _os; _os.chdir(_os.environ.pop({FOLDER_VARIABLE!r})); del _os"

_EMPTY: list[str] = []


def _empty_folder() -> str:
    """One empty, private (0700) folder per process for kernels to start in; removed at exit."""
    if not _EMPTY or not Path(_EMPTY[0]).is_dir():
        folder = tempfile.mkdtemp(prefix="stratkit-kernel-")
        _EMPTY[:] = [folder]
        atexit.register(shutil.rmtree, folder, True)
    return _EMPTY[0]


def safe_pythonpath(value: str | None, folder: Path) -> str | None:
    """``PYTHONPATH`` without entries that resolve against the working folder or lie inside ``folder``.

    An empty entry or a relative one (``.``, ``lib``) names a place relative to the kernel's working
    folder, which is the student's grading folder once the kernel has moved there.
    """
    if not value:
        return None
    kept = []
    for entry in value.split(os.pathsep):
        if not entry or not Path(entry).is_absolute():
            continue
        resolved = Path(entry).resolve()
        if resolved == folder or folder in resolved.parents:
            continue
        kept.append(entry)
    return os.pathsep.join(kept) or None


class GradingKernelManager(AsyncKernelManager):
    """A kernel manager that keeps the kernel's imports away from its working folder (see module doc)."""

    isolate = Bool(True, help="Start Python kernels so that they import nothing from the grading folder. "
                              "Switch off only to see what an undefended kernel would do.").tag(config=True)

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if self.isolate and self._is_python():
            kw = self._isolated(kw)
        return await super()._async_pre_start_kernel(**kw)

    def _is_python(self) -> bool:
        spec = self.kernel_spec
        return spec is not None and str(getattr(spec, "language", "")).lower() == "python"

    def _isolated(self, kw: dict[str, Any]) -> dict[str, Any]:
        """The launch arguments, isolated; a restart passes them back, already isolated, and keeps them."""
        kw = dict(kw)
        env = dict(kw.get("env") or os.environ)
        if kw.get("cwd") == _empty_folder() and FOLDER_VARIABLE in env:  # a restart
            folder = Path(env[FOLDER_VARIABLE])
        else:
            folder = Path(kw.get("cwd") or Path.cwd()).resolve()
        env[FOLDER_VARIABLE] = str(folder)
        env["PYTHONSAFEPATH"] = "1"
        pythonpath = safe_pythonpath(env.get("PYTHONPATH"), folder)
        if pythonpath is None:
            env.pop("PYTHONPATH", None)
        else:
            env["PYTHONPATH"] = pythonpath
        kw["env"] = env
        kw["cwd"] = _empty_folder()
        ours = ["--InteractiveShellApp.ignore_cwd=True", f"--IPKernelApp.exec_lines={CHDIR_LINE}"]
        kw["extra_arguments"] = [*ours, *(a for a in kw.get("extra_arguments") or [] if a not in ours)]
        return kw


class GradingExecute(Execute):
    """nbgrader's ``Execute`` with :class:`GradingKernelManager` (configure it as ``Execute``)."""

    assignments = List(Unicode(), default_value=None, allow_none=True,
                       help="Assignments whose grading kernels import nothing from the submission folder "
                            "(None: every assignment). Others (students writing code that imports their own "
                            "modules) get nbgrader's usual kernel.").tag(config=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("kernel_manager_class", GradingKernelManager)
        super().__init__(*args, **kwargs)

    def create_kernel_manager(self) -> KernelManager:
        info = (getattr(self, "resources", None) or {}).get("nbgrader", {})
        isolate = self.assignments is None or info.get("assignment") in self.assignments
        self.kernel_manager_class = GradingKernelManager if isolate else AsyncKernelManager
        return super().create_kernel_manager()  # type: ignore[no-any-return]


def autograde_preprocessors() -> list[type]:
    """nbgrader's ``Autograde.autograde_preprocessors``, with :class:`GradingExecute` for ``Execute``, then
    :class:`~stratkit.grading.preprocessors.hide_keys.HideKeys` (the grades are saved before the keys are
    shortened in the autograded notebook that formgrader and feedback show)."""
    from stratkit.grading.preprocessors.hide_keys import HideKeys

    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    return [*(GradingExecute if step is Execute else step for step in defaults), HideKeys]
