"""``make bench``: stratkit's costs, as ratios measured in one run on this machine.

Prints the table and writes it, with the machine it came from, to ``benchmarks/RESULTS.md``; the
block between the ``bench`` markers in ``README.md`` is replaced by the same table. Benchmarks, not
tests: nothing fails when a target is missed, the table says so.

    .venv/bin/python benchmarks/run.py [--students 12] [--repeats 3] [--no-readme]
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import autograde  # noqa: E402
import first_widget  # noqa: E402
import grade_batch  # noqa: E402
import imports  # noqa: E402
import widget_save  # noqa: E402
from common import REPO, Figure, load_average, machine  # noqa: E402
from course import PS1, TRIVIAL  # noqa: E402

RESULTS = HERE / "RESULTS.md"
README = REPO / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

def not_ours(result: autograde.AutogradeResult | None) -> str:
    startup = per_sub = "?"
    if result is not None:
        per = result.per_submission(TRIVIAL)
        startup = f"{result.t1_wall(TRIVIAL) - per:.1f} s"
        per_sub = f"{per:.2f} s"
    return f"""\
What is not stratkit's, and so outside these ratios' control:

- **nbgrader's own cost per submission** ({per_sub} for the trivial notebook in this run): a fresh
  Jupyter kernel per notebook, nbclient's cell-by-cell execution, nbformat's validation of every
  output and of the notebook, nbgrader's cell-metadata checks (`CheckCellMetadata` re-checks its
  JSON schema for every cell) and its gradebook (SQLite through SQLAlchemy). Figure 1 divides it
  out. Part of it grows with the number of cells, whatever they run: the control ps1-shape (ps1's
  12 cells with `pass` in them) shows that share apart from stratkit's own. The number of cells is
  stratkit's choice (`stratkit build` writes an introduction, the import, and per exercise a heading,
  the exercise cell and its test cell); what each cell costs is nbgrader's and the kernel's.
- **nbgrader's start-up** (about {startup} per command here: its imports, traitlets configuration,
  the gradebook's alembic check). It is paid once per command and cancels out of figure 1.
- **Waiting, not working**: most of a submission's wall time is the kernel starting and stopping
  and nbclient polling it, which does not depend on the notebook. On an idle machine that hides
  part of stratkit's CPU cost, so the wall-time ratio of figure 1 sits below its CPU-time ratio
  (both are in the details); on a machine busy with other work, the wall ratio moves towards the
  CPU ratio.
- **ipywidgets' import** in a student's kernel: the first `stratkit.show` needs the widgets and pays
  for them once; `import stratkit` itself does not import them (figure 2), nor does anything
  stratkit runs in the autograde kernel (`tests/test_import_cost.py`).
- **Kernel and ZeroMQ messaging** in figure 4: the comm message in, the widget's echo and the
  display update out; and **the disk's fsync latency**, which stratkit pays once per change so a
  saved answer survives a crash: a fraction of a millisecond on an idle disk, several milliseconds
  when other processes write heavily (see the 90th percentile).
- **Starting a kernel and loading JupyterLab** in figures 5 and 6: both notebooks pay them, so they
  divide out of the ratio, but they are most of each time. In JupyterLite the kernel is Pyodide
  (CPython compiled to WebAssembly) booting in the page and loading its wheels (IPython, ipywidgets)
  from the site; stratkit's share is `import stratkit` (its wheel, PyYAML and fastjsonschema in pure
  Python, anywidget), reading the exercise file and building three widgets.
- **`stratkit grade`'s start-up** is mostly third-party imports (figure 3's details): jsonschema
  (installed with `rfc3987-syntax`, which the Jupyter stack pulls in, it builds a grammar at import,
  about a second) to validate the key files, and pandas to write the CSV. Grading itself costs a
  fraction of a millisecond per submission.
- **Bytecode compilation**: `make bench` compiles stratkit's modules first, as `pip install` does
  for a wheel. An editable install under `PYTHONDONTWRITEBYTECODE=1` (the machine these figures
  come from sets it) recompiles stratkit's sources in every process and every grading kernel:
  figure 2's details show that import time too.
"""


class _Only(Exception):
    """--only: the chosen figures are measured; skip the rest."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(figures: list[Figure]) -> str:
    rows = ["| # | figure | measured | target | met |", "| --- | --- | --- | --- | --- |"]
    for f in figures:
        met = "n/a" if f.met is None else ("yes" if f.met else "**NO**")
        rows.append(f"| {f.number} | {_cell(f.what)} | {_cell(f.measured)} | {_cell(f.target)} | {met} |")
    return "\n".join(rows)


def details(figures: list[Figure]) -> str:
    lines = []
    for f in figures:
        for line in f.details:
            lines.append(f"- ({f.number}) {line}")
    return "\n".join(lines)


def machine_lines(info: dict[str, str], load_before: str, wall: float) -> str:
    lines = [f"- {k}: {v}" for k, v in info.items()]
    lines.append(f"- load average (1 min, 5 min) as each figure started: {load_before}. The machine may be shared: "
                 "every figure is a ratio or a median measured within this one run, its parts interleaved")
    lines.append(f"- wall time of the whole run: {wall:.0f} s")
    return "\n".join(lines)


def write_results(figures: list[Figure], info: dict[str, str], load_before: str, wall: float, when: str,
                  notes: str) -> str:
    text = (f"# stratkit benchmarks\n\nWritten by `make bench` (`benchmarks/run.py`) on {when}. Benchmarks, not "
            "tests: a missed target shows as **NO** here and fails nothing. How each figure is measured: "
            "the docstring of its module in `benchmarks/`.\n\n"
            f"## Results\n\n{table(figures)}\n\n## Details\n\n{details(figures)}\n\n"
            f"## Machine\n\n{machine_lines(info, load_before, wall)}\n\n## Not ours\n\n{notes}")
    RESULTS.write_text(text, encoding="utf-8")
    return text


def update_readme(figures: list[Figure], info: dict[str, str], when: str) -> bool:
    if not README.exists():
        return False
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return False
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    block = (f"{START}\n{table(figures)}\n\nMeasured {when} on {info['CPU']}, {info['cores (nproc)']} cores, "
             f"{info['memory']}, Python {info['Python']}, nbgrader {info['nbgrader']}, ipywidgets "
             f"{info['ipywidgets']}. Details, the machine and what is not ours: "
             f"[benchmarks/RESULTS.md](benchmarks/RESULTS.md).\n{END}")
    README.write_text(head + block + tail, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10, help="submissions per assignment for figure 1 (>= 10)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds over the N submissions (figure 1)")
    parser.add_argument("--repeats", type=int, default=2, help="command-line autograde repeats (figure 1's check)")
    parser.add_argument("--import-samples", type=int, default=11, help="fresh processes per module (>= 7)")
    parser.add_argument("--changes", type=int, default=240, help="widget changes for figure 4 (>= 200)")
    parser.add_argument("--widget-tries", type=int, default=3, help="tries of each notebook for figures 5 and 6")
    parser.add_argument("--only", choices=("first-widget",), help="measure only these figures (README untouched)")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    # Bytecode as a wheel install leaves it (pip compiles on install). An editable install under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile stratkit's sources in every process and
    # every grading kernel; site-packages (ipywidgets, nbgrader) are compiled already.
    compileall.compile_dir(str(REPO / "src" / "stratkit"), quiet=1)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    work = HERE / "out" / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    figures: list[Figure] = []
    loads: list[str] = []
    result: autograde.AutogradeResult | None = None

    def step(title: str) -> None:
        loads.append(f"{title.split(':')[0]}: {load_average()}")
        print(title, flush=True)

    try:
        step("Figure 5: time to first widget, JupyterLab")
        figures.append(first_widget.figure("5", "JupyterLab", first_widget.measure_jupyterlab(
            work / "lab", args.widget_tries)))
        step("Figure 6: time to first widget, JupyterLite")
        figures.append(first_widget.figure("6", "JupyterLite", first_widget.measure_jupyterlite(
            work / "lite", args.widget_tries)))
        if args.only:
            raise _Only()
        step("Figure 2: import cost (fresh processes)")
        figures.append(imports.figure(imports.measure(work / "imports", args.import_samples)))
        step("Figure 4: widget change -> saved, in a real kernel")
        figures.append(widget_save.figure(widget_save.measure(work / "widget", changes=args.changes)))
        compileall.compile_dir(str(REPO / "src" / "stratkit"), quiet=1)  # in case a source changed meanwhile
        step(f"Figure 1: nbgrader autograde, {args.students} submissions x 3 assignments")
        result, course = autograde.measure(work / "autograde", n=args.students, repeats=args.repeats,
                                           rounds=args.rounds)
        figures.append(autograde.figure(result))
        step("Figure 3: grading outside the kernel, 100 / 1,000 / 10,000 submissions")
        batch = grade_batch.measure(course, work / "batch")
        figures += grade_batch.figure(batch, result.t1_wall(PS1), result.per_submission(PS1))
        loads.append(f"end: {load_average()}")
    except _Only:
        args.no_readme = True
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures.sort(key=lambda f: f.number if f.number.isdigit() else "9")
    wall = time.perf_counter() - started
    info = machine()
    if not args.only:  # a partial run must not replace the full results
        write_results(figures, info, "; ".join(loads), wall, when, not_ours(result))
    readme = False if args.no_readme else update_readme(figures, info, when)
    print()
    print(table(figures))
    print()
    print(details(figures))
    print(("" if args.only else f"\nWritten to {RESULTS.relative_to(REPO)}" + (" and README.md" if readme else ""))
          + f"; whole run {wall:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
