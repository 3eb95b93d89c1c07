"""Figure 3: out-of-kernel grading of many submissions vs nbgrader autograde, and how it grows.

Synthetic submissions are copies of the three answered ps1 folders of figure 1 (store file and
notebook with its saved display outputs), laid out as ``nbgrader collect`` leaves them:
``<course>/submitted/<student>/ps1-planning-documents/``. Three courses are made, with 100, 1,000
and 10,000 students.

Each grading run is a fresh process started through a small wrapper that reports its wall time and
its peak RSS (``resource.getrusage(RUSAGE_CHILDREN)`` in the wrapper, whose only child it is), so
start-up, imports and loading the keys are all counted.

The command measured is ``stratkit grade`` (``stratkit.grading.batch``). For comparison, the bare core it
builds on (:mod:`grade_core`: ``find_answer`` + ``points_earned``, keys loaded once) runs on the
same 1,000; on a checkout without ``stratkit grade`` the core is measured instead, and the table
says the command was not.

nbgrader is not run on 1,000 submissions (15 to 25 minutes): its time is extrapolated from figure
1's measurement on N submissions as T1 + 999 x (time per extra submission), and the table says so.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from common import BIN, Figure, median
from course import PS1, Course

TARGET_SPEEDUP = 100.0
TARGET_SECONDS = 5.0
SIZES = (100, 1_000, 10_000)
HERE = Path(__file__).resolve().parent

WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
process = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "returncode": process.returncode, "stdout": process.stdout[-4000:], "stderr": process.stderr[-4000:]}))
"""


@dataclass
class Run:
    seconds: float
    maxrss_mib: float
    output: str


def cli_available() -> bool:
    """True once ``stratkit grade`` exists (another engineer is writing it)."""
    process = subprocess.run([str(BIN / "stratkit"), "grade", "--help"], capture_output=True, text=True)
    return process.returncode == 0


def grade_command(root: Path, use_cli: bool) -> list[str]:
    if use_cli:
        return [str(BIN / "stratkit"), "grade", PS1, "--course", str(root), "--progress", "never",
                "--out", str(root / "grades.csv")]
    return [sys.executable, str(HERE / "grade_core.py"), str(root), PS1]


TEMPLATES = ("s001", "s002", "s003")


def nbgrader_scores(source: Course) -> tuple[float, ...]:
    """The scores nbgrader's autograde gave the template submissions in figure 1 (its grades.csv export)."""
    with open(source.root / "grades.csv", newline="") as handle:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle) if r["assignment"] == PS1}
    return tuple(rows[s] for s in TEMPLATES)


def check_total(root: Path, run: Run, n: int, use_cli: bool, scores: tuple[float, ...]) -> None:
    """Every submission graded, with nbgrader's scores: the timing counts only if the grading was real."""
    expected = sum(scores[i % 3] for i in range(n))
    if use_cli:
        with open(root / "grades.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        graded, total = len(rows), sum(float(r["total"]) for r in rows if not r.get("problem"))
    else:
        graded_text, total_text = run.output.split()[:2]
        graded, total = int(graded_text), float(total_text)
    if graded != n or abs(total - expected) > 1e-6:
        raise RuntimeError(f"grading {n} submissions gave {graded} rows totalling {total}, expected {expected}")


def make_submissions(source: Course, base: Path, n: int) -> Path:
    """A course folder with the ps1 sources and ``n`` submissions copied from figure 1's answered ones."""
    root = base / f"grade-{n}"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(source.root / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(source.root / "solutions" / PS1, root / "solutions" / PS1)
    templates = [source.submitted(s, PS1) for s in TEMPLATES]
    for i in range(n):
        shutil.copytree(templates[i % 3], root / "submitted" / f"u{i:05d}" / PS1)
    return root


def run_once(command: list[str]) -> Run:
    process = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
    result = json.loads(process.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result['returncode']}):\n{result['stdout']}{result['stderr']}")
    return Run(result["seconds"], result["maxrss_kib"] / 1024, result["stdout"] + result["stderr"])


IMPORT_PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str, samples: int = 3) -> float:
    """Median import time of a module in fresh processes (what every `stratkit grade` pays if it imports it)."""
    times = []
    for _ in range(samples):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(module=module)], capture_output=True,
                             text=True, check=True, cwd="/")
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return median(times)


def measure(source: Course, base: Path, repeats: int = 3, log=print) -> dict[str, object]:
    use_cli = cli_available()
    scores = nbgrader_scores(source)
    out: dict[str, object] = {"cli": use_cli, "sizes": {}}
    for n in SIZES:
        root = make_submissions(source, base, n)
        command = grade_command(root, use_cli)
        runs = [run_once(command) for _ in range(repeats if n <= 1_000 else 1)]
        check_total(root, runs[-1], n, use_cli, scores)
        if use_cli and n == 1_000:
            core = run_once(grade_command(root, False))
            check_total(root, core, n, False, scores)
            out["core_1000"] = core.seconds
        out["sizes"][n] = runs  # type: ignore[index]
        log(f"  {'stratkit grade' if use_cli else 'core (find_answer + points_earned)'} on {n:>6,} submissions: "
            f"{median([r.seconds for r in runs]):.2f} s, peak RSS {max(r.maxrss_mib for r in runs):.0f} MiB")
        shutil.rmtree(root)
    out["imports"] = {m: import_seconds(m) for m in ("jsonschema", "pandas")}
    return out


def figure(result: dict[str, object], autograde_t1: float, autograde_per_extra: float) -> tuple[Figure, Figure]:
    sizes: dict[int, list[Run]] = result["sizes"]  # type: ignore[assignment]
    use_cli = bool(result["cli"])
    name = "`stratkit grade`" if use_cli else "stratkit's grading core (`stratkit grade` NOT measured: it did not exist yet)"
    t1000 = median([r.seconds for r in sizes[1_000]])
    nbgrader_1000 = autograde_t1 + 999 * autograde_per_extra
    speedup = nbgrader_1000 / t1000
    met = speedup >= TARGET_SPEEDUP and t1000 < TARGET_SECONDS
    growth = []
    previous = None
    for n, runs in sizes.items():
        seconds = median([r.seconds for r in runs])
        line = (f"{n:,} submissions: {seconds:.2f} s ({seconds / n * 1e3:.2f} ms each), "
                f"peak RSS {max(r.maxrss_mib for r in runs):.0f} MiB")
        if previous is not None:
            line += f"; x{n // previous[0]} submissions -> x{seconds / previous[1]:.1f} time"
        growth.append(line)
        previous = (n, seconds)
    details = [
        f"{name} on 1,000 synthetic submissions: {t1000:.2f} s, whole process (start-up, imports, keys)",
        f"nbgrader autograde on 1,000, EXTRAPOLATED from figure 1 (measured on its N submissions; T1 + 999 x "
        f"seconds per extra submission): "
        f"{autograde_t1:.1f} s + 999 x {autograde_per_extra:.2f} s = {nbgrader_1000:.0f} s",
        "growth: " + "; ".join(growth),
    ]
    t10k = median([r.seconds for r in sizes[10_000]])
    marginal = (t10k - t1000) / 9_000
    imports: dict[str, float] = result["imports"]  # type: ignore[assignment]
    details.append(f"cost per submission {marginal * 1e3:.2f} ms (from 1,000 to 10,000); fixed cost of a run about "
                   f"{t1000 - 1_000 * marginal:.2f} s (start-up, imports, keys), of which importing jsonschema "
                   f"{imports['jsonschema']:.2f} s and pandas {imports['pandas']:.2f} s (fresh processes, medians of "
                   "3): `stratkit grade` validates the key files with jsonschema and writes its CSV with pandas")
    if "core_1000" in result:
        details.append(f"for comparison, stratkit's bare grading core (find_answer + points_earned per exercise, keys "
                       f"loaded once) on the same 1,000: {result['core_1000']:.2f} s")
    fig3 = Figure("3", f"{name}, 1,000 submissions, vs nbgrader autograde (extrapolated)",
                  f"{speedup:.0f}x faster; {t1000:.2f} s for 1,000",
                  f">= {TARGET_SPEEDUP:.0f}x and < {TARGET_SECONDS:.0f} s", met, details)
    rss = max(r.maxrss_mib for r in sizes[1_000])
    memory = Figure("M", f"peak RSS of {name.split(' (')[0]} on 1,000 submissions", f"{rss:.0f} MiB", "(no target)",
                    None, [])
    return fig3, memory
