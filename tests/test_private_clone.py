"""``make test`` passes wherever the repository is cloned: here, inside a private (0700) folder.

Home folders are usually 0700, and so is every folder root makes with ``mktemp -d``. A test that runs a
process as another user (``nobody``) cannot import from a clone or a virtual environment in there, so
the suite's file-permission tests must not depend on another user. This clones the repository (its
tracked files, as a fresh clone has them) into a 0700 folder, gives it a virtual environment inside the
clone (stratkit from the clone's ``src/``, its dependencies from this environment), and runs the
suite's file-permission tests there, as whoever runs this test (root in CI).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from tests.guide.harness import copy_course

pytestmark = pytest.mark.slow
PERMISSION_TESTS = "tests/robustness/test_faults.py"


def test_file_permission_tests_pass_in_a_clone_inside_a_private_folder():
    private = Path(tempfile.mkdtemp(prefix="stratkit-private-"))  # mode 0700, like a home folder
    try:
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        clone = copy_course(private / "stratkit")
        venv = clone / ".venv"
        subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)],
                       check=True, capture_output=True)
        python = venv / "bin" / "python"
        site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   check=True, capture_output=True, text=True).stdout.strip())
        ours = sysconfig.get_paths()["purelib"]  # this environment's packages, with their own .pth files
        (site / "stratkit-clone.pth").write_text(f"{clone / 'src'}\nimport site; site.addsitedir({ours!r})\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PYTEST"))}
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        where = subprocess.run([str(python), "-c", "import stratkit; print(stratkit.__file__)"], cwd=clone, env=env,
                               check=True, capture_output=True, text=True).stdout.strip()
        assert where == str(clone / "src" / "stratkit" / "__init__.py")  # the clone's code, not this checkout's
        process = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                                  PERMISSION_TESTS, "-k", "read_only"], cwd=clone, env=env, capture_output=True,
                                 text=True, timeout=600)
        output = process.stdout + process.stderr
        assert process.returncode == 0, output[-4000:]
        assert "2 passed" in output and "skipped" not in output, output[-2000:]
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", str(private)], check=False)
        subprocess.run(["rm", "-rf", str(private)], check=False)
