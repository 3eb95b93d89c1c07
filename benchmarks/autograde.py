"""Figure 1: nbgrader autograde time per extra submission, stratkit's ps1 vs a trivial notebook.

One temporary course holds three assignments (see :mod:`course`: ps1, the trivial notebook, and
the control ps1-shape), each with the same N submissions, all graded for real (scores checked).

The figure: one nbgrader process (:mod:`autograde_inprocess`, nbgrader's own ``NbGraderAPI``)
autogrades submission 1 of every assignment, then submission 2 of every assignment, and so on,
twice over; each submission's wall time is an extra submission's cost, nbgrader's start-up is paid
once before them, and a burst of load from elsewhere on a shared machine falls on all three
assignments alike. Time per extra submission = the median over the 2N submissions; the figure is
the ratio ps1 / trivial.

The same through the command line, as a check: each repeat runs ``nbgrader autograde --force`` on
one submission (T1) and on all N (TN) for every assignment in turn. nbgrader's log is time-stamped
(``--Application.log_format``), so each submission's time inside a TN run is read from it (start to
next start), start-up excluded, and their median is shown; so is the issue's formula
(median TN - median T1) / (N - 1) on the commands' wall times, although on a shared machine
nbgrader's start-up varies by seconds between commands, which swamps it.

Also shown: CPU seconds per submission, the time the grading kernel spent in the cells (nbclient
records it in each autograded notebook), and the control split: ps1-shape / trivial is what
nbgrader's per-cell work costs for a notebook of ps1's shape, ps1 / ps1-shape what stratkit adds.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import Figure, median
from course import ASSIGNMENTS, PS1, SHAPE, TRIVIAL, Course, make_course, nbgrader_env, submit

TARGET = 1.10
LOG_FORMAT = ["--Application.log_format=%(asctime)s.%(msecs)03d %(message)s", "--Application.log_datefmt=%H:%M:%S"]
STAMP = r"^(\d\d:\d\d:\d\d\.\d{3}) "
STUDENT_START = re.compile(STAMP + r"Creating/updating student with ID '([^']+)'", re.M)
NOTEBOOK_DONE = re.compile(STAMP + r"Setting destination file permissions", re.M)


@dataclass
class Run:
    wall: float  # seconds, the whole command
    cpu: float  # CPU seconds of nbgrader and the kernels it started
    marks: list[float]  # seconds since the first submission started: each start, then the last one's end


@dataclass
class AutogradeResult:
    n: int
    inproc: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # assignment -> wall/cpu per submission
    t1: dict[str, list[Run]] = field(default_factory=lambda: {a: [] for a in ASSIGNMENTS})
    tn: dict[str, list[Run]] = field(default_factory=lambda: {a: [] for a in ASSIGNMENTS})
    cells: dict[str, list[float]] = field(default_factory=dict)  # kernel time in the cells, per submission
    shape: dict[str, tuple[int, int]] = field(default_factory=dict)  # (cells, code cells) of each notebook

    def per_submission(self, assignment: str, what: str = "wall") -> float:
        """Seconds per extra submission: the median over the interleaved in-process submissions."""
        return median(self.inproc[assignment][what])

    def ratio(self, a: str = PS1, b: str = TRIVIAL, what: str = "wall") -> float:
        return self.per_submission(a, what) / self.per_submission(b, what)

    def cli_per_submission(self, assignment: str) -> float:
        """Seconds per extra submission through the command line: median of the TN runs' per-submission times."""
        return median([g for run in self.tn[assignment] for g in _gaps(run.marks)])

    def per_extra_wall(self, assignment: str) -> float:
        return (median([r.wall for r in self.tn[assignment]]) - median([r.wall for r in self.t1[assignment]])) \
            / (self.n - 1)

    def per_extra_cpu(self, assignment: str) -> float:
        return (median([r.cpu for r in self.tn[assignment]]) - median([r.cpu for r in self.t1[assignment]])) \
            / (self.n - 1)

    def t1_wall(self, assignment: str) -> float:
        return median([r.wall for r in self.t1[assignment]])


def _gaps(marks: list[float]) -> list[float]:
    """Each submission's time: from its start to the next one's (the last: to its end)."""
    return [b - a for a, b in zip(marks, marks[1:])]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _seconds(stamps: list[str]) -> list[float]:
    times = [dt.datetime.strptime(s, "%H:%M:%S.%f") for s in stamps]
    return [((t - times[0]).total_seconds()) % 86400 for t in times]


def _autograde(course: Course, assignment: str, *extra: str) -> Run:
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force", *extra,
                              *LOG_FORMAT], cwd=course.root, env=nbgrader_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    log = process.stdout + process.stderr
    if process.returncode != 0 or "ERROR" in log:
        raise RuntimeError(f"nbgrader autograde {assignment} failed:\n{log[-3000:]}")
    starts = [m.group(1) for m in STUDENT_START.finditer(log)]
    ends = [m.group(1) for m in NOTEBOOK_DONE.finditer(log)]
    return Run(wall, cpu, _seconds(starts + ends[-1:]))


def _interleaved(course: Course, students: list[str], rounds: int) -> dict[str, dict[str, list[float]]]:
    script = Path(__file__).resolve().parent / "autograde_inprocess.py"
    process = subprocess.run([sys.executable, str(script), str(rounds), *students, "--", *ASSIGNMENTS],
                             cwd=course.root, env=nbgrader_env(), capture_output=True, text=True)
    if process.returncode != 0:
        raise RuntimeError(f"interleaved autograde failed:\n{(process.stdout + process.stderr)[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def measure(base: Path, n: int = 10, repeats: int = 2, rounds: int = 2, log=print) -> tuple[AutogradeResult, Course]:
    course = make_course(base)
    students = [f"s{i:03d}" for i in range(1, n + 1)]
    submit(course, students)
    result = AutogradeResult(n)
    result.inproc = _interleaved(course, students, rounds)
    log("  interleaved, one nbgrader process: " + ", ".join(
        f"{a} {result.per_submission(a):.3f} s" for a in ASSIGNMENTS) + f" per submission (medians of {rounds * n})")
    for assignment in ASSIGNMENTS:  # warm-up (disk cache, first kernel start): not counted
        _autograde(course, assignment, f"--student={students[0]}")
    for rep in range(repeats):
        order = ASSIGNMENTS[rep % len(ASSIGNMENTS):] + ASSIGNMENTS[:rep % len(ASSIGNMENTS)]
        for assignment in order:
            one = _autograde(course, assignment, f"--student={students[0]}")
            every = _autograde(course, assignment)
            result.t1[assignment].append(one)
            result.tn[assignment].append(every)
            log(f"  autograde {assignment:24s} repeat {rep + 1}: T1 {one.wall:5.2f} s, T{n} {every.wall:6.2f} s, "
                f"median {median(_gaps(every.marks)):.3f} s per submission")
    _check_scores(course, students)
    for a in ASSIGNMENTS:
        result.cells[a] = [_cell_seconds(course.root / "autograded" / s / a / f"{a}.ipynb") for s in students]
        cells = json.loads((course.release(a) / f"{a}.ipynb").read_text(encoding="utf-8"))["cells"]
        result.shape[a] = (len(cells), sum(c["cell_type"] == "code" for c in cells))
    return result, course


def _cell_seconds(notebook: Path) -> float:
    """Time the kernel spent running the notebook's code cells (nbclient records busy/idle per cell)."""
    total = 0.0
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.status.busy" in timing and "iopub.status.idle" in timing:
            busy, idle = (dt.datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                          for k in ("iopub.status.busy", "iopub.status.idle"))
            total += (idle - busy).total_seconds()
    return total


def _check_scores(course: Course, students: list[str]) -> None:
    """The benchmark only counts if grading was real: ps1 scores as the hand-worked test expects."""
    out = course.root / "grades.csv"
    course.run("export", "--to", str(out))
    with open(out, newline="") as handle:
        scores = {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(handle)}
    expected = {0: 10.0, 1: 5.75, 2: 4.5}  # PERFECT, PARTIAL, HALF_DONE (see course.py and test_workflow.py)
    for number, student in enumerate(students):
        want = {PS1: expected[number % 3], SHAPE: 10.0, TRIVIAL: 1.0}
        for assignment, score in want.items():
            if abs(scores[(student, assignment)] - score) > 1e-9:
                raise RuntimeError(f"{assignment} graded {scores[(student, assignment)]} for {student}, expected "
                                   f"{score}: the benchmark is not grading what it should")


def figure(result: AutogradeResult) -> Figure:
    n, ratio = result.n, result.ratio()
    per = {a: result.per_submission(a) for a in ASSIGNMENTS}
    cpu = {a: result.per_submission(a, "cpu") for a in ASSIGNMENTS}
    slopes = {a: result.cli_per_submission(a) for a in ASSIGNMENTS}
    wall = {a: result.per_extra_wall(a) for a in ASSIGNMENTS}
    cells = {a: median(result.cells[a]) for a in ASSIGNMENTS}
    count = len(result.inproc[PS1]["wall"])
    per_cell = (per[SHAPE] - per[TRIVIAL]) / (result.shape[SHAPE][0] - result.shape[TRIVIAL][0])
    details = [
        f"seconds per extra submission, interleaved in one nbgrader process, median of {count} submissions each: "
        f"ps1 {per[PS1]:.3f} s, trivial {per[TRIVIAL]:.3f} s, control ps1-shape {per[SHAPE]:.3f} s; CPU seconds "
        f"(nbgrader and its kernels): ps1 {cpu[PS1]:.3f}, trivial {cpu[TRIVIAL]:.3f}, ps1-shape {cpu[SHAPE]:.3f}, "
        f"CPU ratio ps1 / trivial {result.ratio(what='cpu'):.2f}",
        f"split with the control (ps1's {result.shape[PS1][0]} cells, {result.shape[PS1][1]} of them code, with no "
        f"stratkit in them; trivial has {result.shape[TRIVIAL][0]} cells, {result.shape[TRIVIAL][1]} code): nbgrader's "
        f"and the kernel's per-cell work make ps1-shape / trivial = {result.ratio(SHAPE):.2f} "
        f"(CPU {result.ratio(SHAPE, what='cpu'):.2f}), about {per_cell * 1e3:.0f} ms per cell; stratkit's own code "
        f"and saved answers make ps1 / ps1-shape = "
        f"{result.ratio(PS1, SHAPE):.2f} (CPU {result.ratio(PS1, SHAPE, what='cpu'):.2f})",
        f"through the command line, `nbgrader autograde` on all {n} ({len(result.tn[PS1])} run(s) each), time per "
        f"submission read from its time-stamped log, medians: ps1 {slopes[PS1]:.3f} s, trivial {slopes[TRIVIAL]:.3f} s, "
        f"ps1-shape {slopes[SHAPE]:.3f} s, ratio {slopes[PS1] / slopes[TRIVIAL]:.2f}",
        f"the issue's formula on those commands' wall times, (median T{n} - median T1) / {n - 1}: ps1 {wall[PS1]:.3f} s, "
        f"trivial {wall[TRIVIAL]:.3f} s, ratio {wall[PS1] / wall[TRIVIAL]:.2f} (T1 medians: ps1 "
        f"{result.t1_wall(PS1):.2f} s, trivial {result.t1_wall(TRIVIAL):.2f} s, ps1-shape {result.t1_wall(SHAPE):.2f} s)",
        f"inside the grading kernel, running the code cells (nbclient's per-cell timing, median per submission): "
        f"ps1 {cells[PS1] * 1e3:.0f} ms, ps1-shape {cells[SHAPE] * 1e3:.0f} ms, trivial {cells[TRIVIAL] * 1e3:.0f} ms",
    ]
    return Figure("1", f"autograde time per extra submission, ps1 / trivial 3-cell notebook (N={n} each, one course, "
                       "one run)",
                  f"{ratio:.2f} ({per[PS1]:.2f} s / {per[TRIVIAL]:.2f} s)", f"<= {TARGET:.2f}", ratio <= TARGET,
                  details)
