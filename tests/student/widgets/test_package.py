"""The widgets' front end (plain JavaScript and CSS, no build step) is in the wheel pip installs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stratkit.student.widgets.base import STATIC

from tests.conftest import REPO


@pytest.mark.slow
def test_the_wheel_ships_the_front_end(tmp_path: Path):
    files = sorted(p.name for p in STATIC.iterdir())
    assert files == ["exercise.css", "exercise.js", "placeholder.js"]
    process = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                             capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr[-2000:]
    (wheel,) = tmp_path.glob("stratkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {Path(n).name: archive.read(n) for n in archive.namelist() if "/widgets/static/" in n}
    assert shipped == {name: (STATIC / name).read_bytes() for name in files}
