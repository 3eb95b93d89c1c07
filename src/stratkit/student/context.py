"""Where the code runs: a student's kernel, or nbgrader's autograde kernel, and for whom."""

from __future__ import annotations

import getpass
import os


def in_autograde() -> bool:
    """nbgrader sets NBGRADER_EXECUTION=autograde in the grading kernel."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def student_name() -> str:
    """Who is working: JupyterHub's user when there is one, else the login name."""
    for variable in ("JUPYTERHUB_USER", "NB_USER", "USER"):
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers (getpass raises several kinds)
        return "student"
