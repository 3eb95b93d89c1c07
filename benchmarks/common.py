"""Small helpers shared by the benchmark modules: results, statistics and the machine's description."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Figure:
    """One row of the results table."""

    number: str
    what: str
    measured: str  # the figure, in words and numbers
    target: str
    met: bool | None  # None: not measured / no target
    details: list[str] = field(default_factory=list)  # lines printed under the table


def median(values: list[float]) -> float:
    return statistics.median(values)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"{one:.2f}, {five:.2f}"
    except OSError:
        return "unknown"


def machine() -> dict[str, str]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    return {
        "CPU": _cpu_model(),
        "cores (nproc)": str(os.cpu_count()),
        "memory": _memory(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "nbgrader": _version("nbgrader"),
        "ipywidgets": _version("ipywidgets"),
        "ipykernel": _version("ipykernel"),
        "stratkit": f"{_version('stratkit')} (commit {commit})",
    }


def load_average() -> str:
    return _load()
