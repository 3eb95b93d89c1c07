"""Figure 2: ``import stratkit`` (a student's first cell) vs ``import ipywidgets``, in fresh processes.

Each sample is a new Python process that times the import alone (``time.perf_counter`` around the
``import`` statement; interpreter start-up is the same for both and left out). Processes alternate
between the two modules so that load from elsewhere falls on both alike. Reported: the ratio of
medians, in a bare interpreter (the figure) and with ``ipykernel`` already imported, as it is in a
real kernel (a detail line).

What ``import stratkit`` leaves out of ``sys.modules`` is checked by ``tests/test_import_cost.py``,
a test rather than a timing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import REPO, Figure, median

TARGET = 1.15
PROBE = """
import time
{preload}
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""


def _sample(module: str, preload: str = "", uncompiled: Path | None = None) -> float:
    env = dict(os.environ)
    if uncompiled is not None:  # a copy of the sources with no bytecode, never given any
        env.update(PYTHONPATH=str(uncompiled), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module, preload=preload)], capture_output=True,
                         text=True, check=True, cwd="/", env=env)
    return float(out.stdout.strip().splitlines()[-1])


def measure(base: Path, samples: int = 11, log=print) -> dict[str, dict[str, list[float]]]:
    results: dict[str, dict[str, list[float]]] = {"bare": {"stratkit": [], "ipywidgets": []},
                                                  "kernel": {"stratkit": [], "ipywidgets": []},
                                                  "uncompiled": {"stratkit": []}}
    uncompiled = base / "uncompiled"
    shutil.copytree(REPO / "src" / "stratkit", uncompiled / "stratkit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for module in ("stratkit", "ipywidgets"):  # warm the disk cache once; not counted
        _sample(module)
    for i in range(samples):
        for module in (("stratkit", "ipywidgets") if i % 2 == 0 else ("ipywidgets", "stratkit")):
            results["bare"][module].append(_sample(module))
            results["kernel"][module].append(_sample(module, "import ipykernel.ipkernel"))
        results["uncompiled"]["stratkit"].append(_sample("stratkit", uncompiled=uncompiled))
    log(f"  import stratkit {median(results['bare']['stratkit']) * 1e3:.1f} ms, "
        f"import ipywidgets {median(results['bare']['ipywidgets']) * 1e3:.1f} ms (medians of {samples})")
    return results


def figure(results: dict[str, dict[str, list[float]]]) -> Figure:
    bare, kernel = results["bare"], results["kernel"]
    ratio = median(bare["stratkit"]) / median(bare["ipywidgets"])
    kernel_ratio = median(kernel["stratkit"]) / median(kernel["ipywidgets"])
    n = len(bare["stratkit"])
    return Figure(
        "2", f"`import stratkit` / `import ipywidgets`, medians of {n} fresh processes each",
        f"{ratio:.2f} ({median(bare['stratkit']) * 1e3:.0f} ms / {median(bare['ipywidgets']) * 1e3:.0f} ms)",
        f"<= {TARGET:.2f}", ratio <= TARGET,
        [f"bare interpreter: stratkit {median(bare['stratkit']) * 1e3:.1f} ms "
         f"(min {min(bare['stratkit']) * 1e3:.1f}), ipywidgets {median(bare['ipywidgets']) * 1e3:.1f} ms "
         f"(min {min(bare['ipywidgets']) * 1e3:.1f}), n={n} each",
         f"with ipykernel already imported (as in a kernel): stratkit {median(kernel['stratkit']) * 1e3:.1f} ms, "
         f"ipywidgets {median(kernel['ipywidgets']) * 1e3:.1f} ms, ratio {kernel_ratio:.2f}",
         f"stratkit without compiled bytecode (an editable install under PYTHONDONTWRITEBYTECODE=1 recompiles "
         f"its sources in every process): {median(results['uncompiled']['stratkit']) * 1e3:.1f} ms; the figure "
         "uses bytecode as pip leaves it, which make bench compiles first",
         "import isolation (no pandas, matplotlib, nbgrader, ipywidgets in autograde): "
         "tests/test_import_cost.py, a test, not a timing"])
