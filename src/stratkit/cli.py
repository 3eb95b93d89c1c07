"""The ``stratkit`` command: one entry point over the instructor's workflow.

Each command imports what it needs when it runs, so ``stratkit --help`` and ``stratkit validate``
stay quick (pandas, matplotlib and nbgrader load only for the commands that use them).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Callable, Sequence

EPILOG = """\
the instructor's workflow:
  stratkit build                       make the release from the YAML keys
  nbgrader release_assignment / collect / autograde ...
  stratkit grade ASSIGNMENT            scores from the saved answers, no kernel (seconds)
  stratkit crosscheck ASSIGNMENT       compare with nbgrader's gradebook, list every mismatch
  stratkit report ASSIGNMENT           item analysis: what to reteach, as HTML, PNG and CSV
  stratkit export ASSIGNMENT --format canvas   grades for the LMS
  stratkit demo                        all of the above on a simulated class (try this first)

Run 'stratkit COMMAND --help' for each command's options. Guide: docs/instructor-guide.md"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps descriptions to the width; keeps epilogs (examples) as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=min(100, shutil.get_terminal_size().columns))

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(("example", "the instructor")):
            return super()._fill_text(text, width, indent)
        return "\n\n".join(textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent)
                           for p in text.split("\n\n"))


def _fail(command: str, error: Exception) -> int:
    print(f"stratkit {command}: {error}", file=sys.stderr)
    return 1


def _show_progress(args: argparse.Namespace) -> bool | None:
    return {"always": True, "never": False}.get(args.progress)


def _validate(args: argparse.Namespace) -> int:
    from .loading import validate_path

    problems = [p for path in args.paths for p in validate_path(path)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All exercise files in {', '.join(args.paths)} are valid.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import BuildError, build

    root = Path(args.course).resolve()
    try:
        changed = build(root, args.assignments or None, release=not args.no_release)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    print("Built " + ("sources and release." if not args.no_release else "sources (no release)."))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .batch import BatchError, grade_assignment

    try:
        result = grade_assignment(args.course, args.assignment, stage=args.stage, students=args.student or None,
                                  show_progress=_show_progress(args))
    except BatchError as exc:
        return _fail("grade", exc)
    frame = result.long() if args.long else result.wide()
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(args.out, index=False)
    else:
        frame.to_csv(sys.stdout, index=False)
    totals = [g.total for g in result]
    with_problems = [g.student for g in result if g.submission.all_problems]
    summary = (f"Graded {len(result)} submission(s) of {args.assignment} from {args.stage}/"
               + (f": mean {sum(totals) / len(totals):.2f} of {result.key.max_points:g}" if totals else "")
               + (f"; wrote {args.out}" if args.out else "") + ".")
    print(summary, file=sys.stderr)
    if with_problems:
        print(f"{len(with_problems)} with a problem (see the 'problem' column): {', '.join(with_problems)}",
              file=sys.stderr)
    return 0


def _crosscheck(args: argparse.Namespace) -> int:
    from .batch import BatchError
    from .crosscheck import crosscheck
    from .gradebook import GradebookError

    try:
        check = crosscheck(args.course, args.assignment, gradebook=args.gradebook, show_progress=_show_progress(args))
    except (BatchError, GradebookError) as exc:
        return _fail("crosscheck", exc)
    groups: dict[tuple[str, str, str], list] = {}
    for finding in check.findings:  # one line per student and kind of finding, the advice said once
        groups.setdefault((finding.level, finding.student, finding.what), []).append(finding)
    for (level, student, what), found in groups.items():
        parts = []
        for f in found:
            scores = (f" stratkit {_pts(f.stratkit_points)} / nbgrader {_pts(f.nbgrader_points)}"
                      if f.stratkit_points is not None or f.nbgrader_points is not None else "")
            if f.exercise or scores:
                parts.append(f"{f.exercise or 'total'}{scores}".strip())
        where = f" ({'; '.join(parts)})" if parts else ""
        print(f"{level.upper():8} {student}: {what}{where}.\n         {found[0].detail}")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        check.frame().to_csv(args.out, index=False)
        print(f"wrote {args.out}", file=sys.stderr)
    print(check.summary())
    return 1 if check.mismatches else 0


def _pts(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _report(args: argparse.Namespace) -> int:
    from .batch import BatchError, grade_assignment
    from .reports.lessons import default_claims_csv
    from .reports.report import write_report

    course = Path(args.course)
    out = Path(args.out) if args.out else course / "reports" / "out" / args.assignment
    try:
        result = grade_assignment(course, args.assignment, stage=args.stage, show_progress=_show_progress(args))
    except BatchError as exc:
        return _fail("report", exc)
    if not len(result):
        return _fail("report", BatchError(f"no submissions of {args.assignment} in {course / args.stage}: "
                                          "collect them first"))
    claims = Path(args.claims) if args.claims else default_claims_csv(course)
    analysis, files = write_report(result, out, claims_csv=claims, min_share=args.min_share,
                                   show_progress=_show_progress(args))
    print(f"{len(files.csv)} CSV tables and {len(files.png)} pictures in {out}", file=sys.stderr)
    if analysis.topics and analysis.topics[0].section is not None:
        print(f"Reteach first: {analysis.topics[0].headline}", file=sys.stderr)
    print(f"Report: {files.html}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .batch import BatchError
    from .export import ExportError, collect_grades, write_canvas_csv, write_plain_csv
    from .gradebook import GradebookError

    canvas_ids = {}
    for pair in args.canvas_id or ():
        name, sep, number = pair.partition("=")
        if not sep or not number.strip():
            return _fail("export", ExportError(f"--canvas-id {pair!r}: write ASSIGNMENT=ID, e.g. "
                                               f"{args.assignments[0]}=12345 (the number in the assignment's "
                                               "Canvas address)"))
        canvas_ids[name.strip()] = number.strip()
    try:
        grades = collect_grades(args.course, args.assignments, source=args.source, gradebook=args.gradebook,
                                show_progress=_show_progress(args))
    except (BatchError, GradebookError, ExportError) as exc:
        return _fail("export", exc)
    out = args.out or ("canvas-grades.csv" if args.format == "canvas" else "grades.csv")
    if args.format == "canvas":
        path = write_canvas_csv(grades, out, canvas_ids=canvas_ids, section=args.section, missing=args.missing)
    else:
        path = write_plain_csv(grades, out, missing=args.missing)
    print(f"wrote {path}: {len(grades.students)} students, {len(grades.assignments)} assignment(s) "
          f"from the {args.source}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .batch import BatchError
    from .demo import describe, run_demo
    from .pipeline import PipelineError

    try:
        result = run_demo(args.course, args.out, assignment=args.assignment, students=args.students, seed=args.seed,
                          tamper=not args.no_tamper, show_progress=_show_progress(args))
    except (BatchError, PipelineError) as exc:
        return _fail("demo", exc)
    print(describe(result))
    print(f"\nOpen the report in a browser: {result.report_html}")
    return 0


def _lite(args: argparse.Namespace) -> int:
    from .lite_site import Inputs, SiteError, build_site, fetch

    course = Path(args.course)
    inputs = Inputs(Path(args.inputs) if args.inputs else course / "build" / "lite" / "inputs", offline=args.offline)
    try:
        if not args.offline:
            fetch(course, inputs)
        site = build_site(course, Path(args.out), inputs)
    except SiteError as exc:
        return _fail("lite", exc)
    size = sum(p.stat().st_size for p in site.path.rglob("*") if p.is_file())
    print(f"Built {site.path} ({size / 1e6:.0f} MB): {len(site.contents)} course files, {len(site.wheels)} wheels. "
          f"Serve it with any static web server, e.g. python -m http.server -d {args.out} -b 127.0.0.1 8000")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="stratkit", formatter_class=_Formatter,
        description="Build, check and grade stratkit exercises for nbgrader courses.", epilog=EPILOG)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {}

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course", default=".", metavar="DIR",
                        help="the nbgrader course folder, holding solutions/ and submitted/ (default: here)")
    common.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="progress bars on stderr: auto shows them on a terminal only (default: auto)")

    p = sub.add_parser("validate", help="check exercise files; exits 1 on any problem", formatter_class=_Formatter,
                       description="Check exercise YAML files (a file or folders, recursively) and print every "
                                   "problem as file:line: what is wrong, how to fix it.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    commands["validate"] = _validate

    p = sub.add_parser("build", help="make solutions/ notebooks and the exercises/ release from YAML keys",
                       formatter_class=_Formatter,
                       description="From solutions/<assignment>/assignment.yaml and keys/*.yaml, write the public "
                                   "exercise files and the source notebook, then run nbgrader generate_assignment.")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment")
    p.add_argument("--course", default=".", help="course folder (default: here)")
    p.add_argument("--no-release", action="store_true", help="write the sources only")
    commands["build"] = _build

    p = sub.add_parser(
        "grade", parents=[common], formatter_class=_Formatter,
        help="score every submission from the saved answers, without a kernel",
        description="Score every submission of ASSIGNMENT straight from the saved answers (answer file and "
                    "notebook, newest wins), exactly as nbgrader's test cells would, but without starting a "
                    "kernel: seconds for a whole class. One row per student (or per student and exercise with "
                    "--long); a submission with a missing or damaged file gets a 'problem' column, never stops "
                    "the others.",
        epilog="examples:\n  stratkit grade ps1-planning-documents --out grades.csv\n"
               "  stratkit grade ps1-planning-documents --from autograded --long > answers.csv")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment's id (its folder in solutions/)")
    p.add_argument("--from", dest="stage", choices=("submitted", "autograded"), default="submitted",
                   help="which copy of the submissions to read (default: submitted)")
    p.add_argument("--out", metavar="FILE", help="write the CSV here (default: to standard output)")
    p.add_argument("--long", action="store_true",
                   help="one row per student and exercise, with the answer, its source file and save time")
    p.add_argument("--student", action="append", metavar="ID", help="only this student (repeat for more)")
    commands["grade"] = _grade

    p = sub.add_parser(
        "crosscheck", parents=[common], formatter_class=_Formatter,
        help="compare stratkit's scores with nbgrader's gradebook; exits 1 on any mismatch",
        description="Grade ASSIGNMENT from the saved answers and compare every score with the autograde score in "
                    "nbgrader's gradebook. They should agree exactly. Each mismatch is listed with what probably "
                    "happened and what to do: a notebook that changed stratkit's behaviour (nbgrader gave more), "
                    "a file missing when autograde ran, an answer file edited after submission or after grading. "
                    "Manual grades are listed as information.",
        epilog="example:\n  stratkit crosscheck ps1-planning-documents --out crosscheck.csv")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--gradebook", metavar="FILE", help="nbgrader's database (default: COURSE/gradebook.db)")
    p.add_argument("--out", metavar="FILE", help="also write the findings as CSV")
    commands["crosscheck"] = _crosscheck

    p = sub.add_parser(
        "report", parents=[common], formatter_class=_Formatter,
        help="item analysis: what to reteach first, as one HTML file, PNG plots and CSV tables",
        description="Item analysis of ASSIGNMENT: facility, discrimination (as Moodle computes them), the "
                    "point-biserial of each wrong choice (as Canvas reports it), Cronbach's alpha, which categories "
                    "the class mixes up, which steps it misplaces, which options it gets wrong; and, first, short "
                    "sentences on what to reteach, each pointing at the lesson section that teaches it.",
        epilog="example:\n  stratkit report ps5-case-study --out reports/out/ps5")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--from", dest="stage", choices=("submitted", "autograded"), default="submitted",
                   help="which copy of the submissions to read (default: submitted)")
    p.add_argument("--out", metavar="DIR", help="folder for report.html and its files "
                                                "(default: COURSE/reports/out/ASSIGNMENT)")
    p.add_argument("--claims", metavar="CSV", help="claim ids -> lesson sections (default: COURSE/course/claims.csv)")
    p.add_argument("--min-share", type=float, default=0.2, metavar="SHARE",
                   help="report a mistake when at least this share of the class made it (default: 0.2)")
    commands["report"] = _report

    p = sub.add_parser(
        "export", parents=[common], formatter_class=_Formatter,
        help="grades as the CSV Canvas imports, or a plain CSV",
        description="Write the grades of one or more assignments for the LMS. --format canvas gives the CSV "
                    "Canvas's gradebook imports (Student, ID, SIS User ID, SIS Login ID, Section, one column per "
                    "assignment, a Points Possible row); --format plain gives one row per student and "
                    "assignment. Scores come from nbgrader's gradebook (manual grades and late penalties "
                    "included) or, with --source stratkit, from the saved answers.",
        epilog="example:\n  stratkit export ps1-planning-documents --format canvas "
               "--canvas-id ps1-planning-documents=48213 --out canvas.csv")
    p.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    p.add_argument("--format", choices=("canvas", "plain"), default="canvas", help="default: canvas")
    p.add_argument("--out", metavar="FILE", help="default: canvas-grades.csv or grades.csv")
    p.add_argument("--source", choices=("gradebook", "stratkit"), default="gradebook",
                   help="nbgrader's gradebook (default) or stratkit's own scores")
    p.add_argument("--gradebook", metavar="FILE", help="nbgrader's database (default: COURSE/gradebook.db)")
    p.add_argument("--canvas-id", action="append", metavar="ASSIGNMENT=ID",
                   help="the Canvas assignment id, so Canvas updates that assignment instead of making a new one")
    p.add_argument("--section", default="", help="the Section column (default: empty)")
    p.add_argument("--missing", choices=("blank", "zero"), default="blank",
                   help="no submission: leave the cell blank (Canvas keeps its grade) or write 0 (default: blank)")
    commands["export"] = _export

    p = sub.add_parser(
        "demo", parents=[common], formatter_class=_Formatter,
        help="a simulated class through the real nbgrader pipeline, then grade, crosscheck and report",
        description="Run an instructor's whole grading job on a simulated class: release an assignment to a local "
                    "exchange, let the students (seeded, realistic misconceptions) fetch, answer and submit, "
                    "nbgrader collect and autograde, then stratkit grade, crosscheck (two tampered submissions "
                    "must be caught) and report. Needs no server and no data from outside; takes a few minutes.",
        epilog="example:\n  stratkit demo --students 40 --out demo-output")
    p.add_argument("--out", default="demo-output", metavar="DIR",
                   help="where everything goes; remade on each run (default: demo-output)")
    p.add_argument("--assignment", default="ps5-case-study", help="default: ps5-case-study")
    p.add_argument("--students", type=int, default=40, help="class size (default: 40)")
    p.add_argument("--seed", type=int, default=2024, help="the class's random seed (default: 2024)")
    p.add_argument("--no-tamper", action="store_true", help="leave out the two tampered submissions")
    commands["demo"] = _demo

    p = sub.add_parser(
        "lite", formatter_class=_Formatter,
        help="build the course as a static JupyterLite site (runs in the browser, nothing to install)",
        description="Build the lessons (with practice exercises) and the released problem sets into a static "
                    "JupyterLite site: Python runs in the student's browser, answers save in the browser, and "
                    "'Download for submission' hands the student the notebook to submit. Inputs come from PyPI "
                    "and npm only and are kept in --inputs; with --offline nothing is fetched.",
        epilog="example:\n  stratkit lite --out site && python -m http.server -d site -b 127.0.0.1 8000")
    p.add_argument("--course", default=".", help="the checkout: course/, exercises/, lite/ (default: here)")
    p.add_argument("--out", default="site", metavar="DIR", help="the site folder; remade on each run (default: site)")
    p.add_argument("--inputs", metavar="DIR", help="downloads kept between builds (default: COURSE/build/lite/inputs)")
    p.add_argument("--offline", action="store_true", help="fetch nothing: fail if an input is missing")
    commands["lite"] = _lite

    top.set_defaults(_commands=commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args._commands[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
