"""``stratkit.download_button(assignment)``: the one action that gives a student the file to hand in.

Why: in the browser-only course site (JupyterLite) a notebook lives in the browser's storage, and
File > Download names ``a/b.ipynb`` ``a_b.ipynb``, a name an instructor's nbgrader does not expect.
The button saves the notebook first, so the file holds the answers the student last saw saved, and
downloads it as ``<assignment>.ipynb``. It works the same in JupyterLab and Notebook 7 (an LMS upload).
In nbgrader's autograde kernel it does nothing and imports nothing.
"""

from __future__ import annotations

import re
import sys

from stratkit.student.context import in_autograde

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def in_browser() -> bool:
    """True in JupyterLite's Pyodide kernel, where files live in the browser's storage."""
    return sys.platform == "emscripten"


def download_button(assignment: object) -> None:
    """Show a "Download for submission" button that saves this notebook and downloads it as
    ``<assignment>.ipynb``. The button is displayed, not returned."""
    if in_autograde():
        return
    if not isinstance(assignment, str) or not _NAME.match(assignment):
        print(f"stratkit.download_button needs the assignment's name in quotes, e.g. "
              f"stratkit.download_button(\"ps1-planning-documents\"), not {assignment!r}: tell your instructor. "
              "Meanwhile save the notebook (Ctrl+S) and use File > Download.", file=sys.stdout)
        return
    try:
        from IPython.display import display

        from stratkit.student.widgets.download import DownloadButton

        display(DownloadButton(filename=f"{assignment}.ipynb", in_browser=in_browser()))  # type: ignore[no-untyped-call]
    except Exception as exc:  # noqa: BLE001 - never a traceback in a student's notebook
        print(f"stratkit could not show the download button ({type(exc).__name__}: {str(exc)[:160]}): save the "
              f"notebook (Ctrl+S), use File > Download and name the file {assignment}.ipynb.", file=sys.stdout)
