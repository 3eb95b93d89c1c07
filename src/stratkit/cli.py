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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from stratkit.instructor.workflow import Step

EPILOG = """\
the instructor's workflow (each verb runs the nbgrader commands it names; plain nbgrader works too):
  stratkit release ASSIGNMENT          build, register in the gradebook, release to the exchange
  stratkit collect ASSIGNMENT          nbgrader collect (or --canvas / --moodle ZIP: zip_collect)
  stratkit grade ASSIGNMENT            scores from the saved answers, no kernel (seconds)
  stratkit autograde ASSIGNMENT        nbgrader autograde, then crosscheck
  stratkit crosscheck ASSIGNMENT       compare with nbgrader's gradebook, list every mismatch
  stratkit feedback ASSIGNMENT         nbgrader generate_feedback and release_feedback
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
    from stratkit.content.loading import validate_path

    problems = [p for path in args.paths for p in validate_path(path)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All exercise files in {', '.join(args.paths)} are valid.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from stratkit.instructor.build import BuildError, build

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
    from stratkit.grading.batch import BatchError, grade_assignment

    try:
        result = grade_assignment(args.course, args.assignment, stage=args.stage, students=args.student or None,
                                  show_progress=_show_progress(args))
    except BatchError as exc:
        return _fail("grade", exc)
    from stratkit.instructor.spreadsheet import write_frame

    frame = result.long() if args.long else result.wide()
    write_frame(frame, args.out or None)
    for graded in result:
        for line in graded.submission.matched:
            print(f"{graded.student}: {line}", file=sys.stderr)
    totals = [g.total for g in result]
    with_problems = [g.student for g in result if g.submission.all_problems]
    summary = (f"Graded {len(result)} submission(s) of {args.assignment} from {args.stage}/"
               + (f": mean {sum(totals) / len(totals):.2f} of {result.key.max_points:g}" if totals else "")
               + (f"; wrote {args.out}" if args.out else "") + ".")
    print(summary, file=sys.stderr)
    if with_problems:
        print(f"{len(with_problems)} with a problem (see the 'problem' column): {', '.join(with_problems)}",
              file=sys.stderr)
    extra = [extra_file for g in result for extra_file in g.submission.extra_files]
    if extra:
        print(f"{len(extra)} file(s) in submissions that are not part of the assignment (stratkit's grading kernel "
              "never runs them; a word with the student may help):", file=sys.stderr)
        for extra_file in extra:
            print(f"  {extra_file}", file=sys.stderr)
    return 0


def _crosscheck(args: argparse.Namespace) -> int:
    from stratkit.grading.batch import BatchError
    from stratkit.grading.crosscheck import Finding, crosscheck
    from stratkit.grading.gradebook import GradebookError

    try:
        check = crosscheck(args.course, args.assignment, gradebook=args.gradebook, show_progress=_show_progress(args))
    except (BatchError, GradebookError) as exc:
        return _fail("crosscheck", exc)
    groups: dict[tuple[str, str, str], list[Finding]] = {}
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
        details = "\n         ".join(dict.fromkeys(f.detail for f in found))  # each different detail once
        print(f"{level.upper():8} {student}: {what}{where}.\n         {details}")
    if args.out:
        from stratkit.instructor.spreadsheet import write_frame

        write_frame(check.frame(), args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    print(check.summary())
    return 1 if check.mismatches else 0


def _pts(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _report(args: argparse.Namespace) -> int:
    from stratkit.grading.batch import BatchError, grade_assignment
    from stratkit.instructor.reports.lessons import default_claims_csv
    from stratkit.instructor.reports.report import write_report

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
    finals = None
    if (course / "gradebook.db").is_file():  # the grades shown are the gradebook's final scores, or none at all
        from stratkit.grading.gradebook import GradebookError
        from stratkit.instructor.export import ExportError, collect_grades

        try:
            book = collect_grades(course, [args.assignment])
        except (ExportError, GradebookError) as exc:
            for line in str(exc).splitlines():
                print(f"stratkit report: {line}", file=sys.stderr)
            print("stratkit report: no report written: its scores must be the gradebook's final scores; fix the "
                  "lines above (or report before autograde, from the saved answers alone)", file=sys.stderr)
            return 1
        finals = {g.student: book.scores[g.student][args.assignment] for g in result}  # all graded: checked
    else:
        print("No gradebook yet: the scores in the report are the saved answers' (provisional until autograde).",
              file=sys.stderr)
    analysis, files = write_report(result, out, claims_csv=claims, min_share=args.min_share,
                                   show_progress=_show_progress(args), finals=finals)
    print(f"{len(files.csv)} CSV tables and {len(files.png)} pictures in {out}", file=sys.stderr)
    if analysis.topics and analysis.topics[0].section is not None:
        print(f"Reteach first: {analysis.topics[0].headline}", file=sys.stderr)
    print(f"Report: {files.html}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from stratkit.grading.batch import BatchError
    from stratkit.grading.gradebook import GradebookError
    from stratkit.instructor.export import ExportError, collect_grades, write_canvas_csv, write_plain_csv

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
        for line in str(exc).splitlines():  # one line per student: each says who and why
            print(f"stratkit export: {line}", file=sys.stderr)
        print("stratkit export: nothing written: every number sent to the LMS must be the gradebook's final "
              "score; fix the lines above and export again", file=sys.stderr)
        return 1
    out = args.out or ("canvas-grades.csv" if args.format == "canvas" else "grades.csv")
    if args.format == "canvas":
        path = write_canvas_csv(grades, out, canvas_ids=canvas_ids, section=args.section, missing=args.missing,
                                bom=not args.no_bom)
    else:
        path = write_plain_csv(grades, out, missing=args.missing, bom=not args.no_bom)
    for warning in grades.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {path}: {len(grades.students)} students, {len(grades.assignments)} assignment(s) "
          f"from the {args.source}" + ("" if args.no_bom else " (UTF-8 with a byte-order mark, for Excel)"))
    return 0


def _print_step(step: Step) -> None:
    print(f"$ {' '.join(step.command)}")
    for line in step.lines:
        print(f"  {line}")


def _release(args: argparse.Namespace) -> int:
    from stratkit.instructor.build import BuildError
    from stratkit.instructor.workflow import WorkflowError, release

    course = Path(args.course).resolve()
    try:
        steps = release(course, args.assignment, duedate=args.duedate)
    except (BuildError, WorkflowError) as exc:
        return _fail("release", exc)
    print(f"$ stratkit build {args.assignment}  (nbgrader generate_assignment: exercises/{args.assignment}/ and "
          "the gradebook)")
    for step in steps:
        _print_step(step)
    print(f"Released {args.assignment}: students can fetch it now.")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from stratkit.instructor.workflow import WorkflowError, collect

    lms = "canvas" if args.canvas else "moodle" if args.moodle else None
    try:
        step = collect(Path(args.course).resolve(), args.assignment, lms=lms,
                       archives=[Path(a) for a in (args.canvas or args.moodle or ())])
    except WorkflowError as exc:
        return _fail("collect", exc)
    _print_step(step)
    submitted = Path(args.course) / "submitted"
    count = len(list(submitted.glob(f"*/{args.assignment}"))) if submitted.is_dir() else 0
    print(f"{count} submission(s) of {args.assignment} in submitted/.")
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from stratkit.grading.batch import BatchError
    from stratkit.grading.crosscheck import crosscheck
    from stratkit.grading.gradebook import GradebookError
    from stratkit.instructor.workflow import WorkflowError, autograde, tail

    course = Path(args.course).resolve()
    try:
        steps = autograde(course, args.assignment, students=args.student or (), force=args.force)
    except WorkflowError as exc:
        return _fail("autograde", exc)
    for step in steps:
        _print_step(step)
    last = steps[-1]
    for student in last.failed_students:
        print(f"FAILED   {student}: nbgrader could not autograde this submission; its error is in nbgrader's log "
              "above the last lines below. 'stratkit export' refuses until it is graded (again, or by hand).")
    if last.returncode != 0 and not last.failed_students:
        return _fail("autograde", WorkflowError(f"nbgrader autograde failed:\n{tail(last)}"))
    if last.failed_students:
        print(tail(last, 8))
    try:
        check = crosscheck(course, args.assignment, show_progress=False)
    except (BatchError, GradebookError) as exc:
        return _fail("autograde", exc)
    print(f"$ stratkit crosscheck {args.assignment}")
    for finding in check.mismatches:
        print(f"  MISMATCH {finding.student}: {finding.what}" + (f" ({finding.exercise})" if finding.exercise else "")
              + f". {finding.detail}")
    print(check.summary())
    return 1 if check.mismatches or last.failed_students else 0


def _feedback(args: argparse.Namespace) -> int:
    from stratkit.instructor.workflow import WorkflowError, feedback

    try:
        steps = feedback(Path(args.course).resolve(), args.assignment, students=args.student or ())
    except WorkflowError as exc:
        return _fail("feedback", exc)
    for step in steps:
        _print_step(step)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from stratkit.grading.batch import BatchError
    from stratkit.instructor.demo.pipeline import PipelineError
    from stratkit.instructor.demo.run import describe, run_demo

    try:
        result = run_demo(args.course, args.out, assignment=args.assignment, students=args.students, seed=args.seed,
                          tamper=not args.no_tamper, show_progress=_show_progress(args))
    except (BatchError, PipelineError) as exc:
        return _fail("demo", exc)
    print(describe(result))
    print(f"\nOpen the report in a browser: {result.report_html}")
    return 0


def _lite(args: argparse.Namespace) -> int:
    from stratkit.instructor.lite_site import Inputs, SiteError, build_site, fetch

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
          f"Serve it with any static web server, e.g. python3 -m http.server -d {args.out} -b 127.0.0.1 8000")
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
    p.add_argument("--no-bom", action="store_true",
                   help="plain UTF-8 without the byte-order mark Excel needs to read names like José Núñez")
    commands["export"] = _export

    p = sub.add_parser("release", formatter_class=_Formatter,
                       help="build, register in the gradebook and release to the exchange",
                       description="stratkit build ASSIGNMENT (nbgrader generate_assignment: the release in "
                                   "exercises/ and the assignment in gradebook.db), the due date if given (nbgrader "
                                   "db assignment add --duedate), then nbgrader release_assignment.",
                       epilog="example:\n  stratkit release ps1-planning-documents --duedate '2026-03-06 17:00:00 UTC'")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--course", default=".", metavar="DIR", help="course folder (default: here)")
    p.add_argument("--duedate", metavar="DATE", help="due date, e.g. '2026-03-06 17:00:00 UTC' (nbgrader's format)")
    commands["release"] = _release

    p = sub.add_parser("collect", formatter_class=_Formatter,
                       help="nbgrader collect, or zip_collect of a Canvas or Moodle download (--canvas / --moodle ZIP)",
                       description="Without a ZIP: nbgrader collect ASSIGNMENT --update (the exchange). With --canvas "
                                   "ZIP or --moodle ZIP: the downloaded ZIP into downloaded/ASSIGNMENT/archive/, then "
                                   "nbgrader zip_collect, which finds each student in the class list by the LMS's "
                                   "file names. Either way each notebook is matched to the assignment by its content "
                                   "(renamed, re-downloaded, a JupyterLite download) and put under the name nbgrader "
                                   "grades: one line per notebook says what and why.",
                       epilog="examples:\n  stratkit collect ps1-planning-documents\n"
                              "  stratkit collect ps1-planning-documents --canvas submissions.zip")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--course", default=".", metavar="DIR", help="course folder (default: here)")
    lms = p.add_mutually_exclusive_group()
    lms.add_argument("--canvas", action="append", metavar="ZIP",
                     help="a Canvas 'Download Submissions' ZIP (repeat for more)")
    lms.add_argument("--moodle", action="append", metavar="ZIP",
                     help="a Moodle 'Download all submissions' ZIP (repeat for more)")
    commands["collect"] = _collect

    p = sub.add_parser("autograde", formatter_class=_Formatter,
                       help="nbgrader autograde, then crosscheck; exits 1 on any failure or mismatch",
                       description="nbgrader autograde ASSIGNMENT (registering the assignment first if the gradebook "
                                   "lacks it), naming every student it failed on, then stratkit crosscheck.",
                       epilog="example:\n  stratkit autograde ps1-planning-documents")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--course", default=".", metavar="DIR", help="course folder (default: here)")
    p.add_argument("--student", action="append", metavar="ID", help="only this student (repeat for more)")
    p.add_argument("--force", action="store_true", help="grade again submissions already autograded")
    commands["autograde"] = _autograde

    p = sub.add_parser("feedback", formatter_class=_Formatter,
                       help="nbgrader generate_feedback and release_feedback",
                       description="nbgrader generate_feedback and release_feedback. Students who submitted through "
                                   "an LMS (zip_collect) cannot fetch feedback from the exchange: their HTML files are "
                                   "listed, to send back through the LMS.",
                       epilog="example:\n  stratkit feedback ps1-planning-documents")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--course", default=".", metavar="DIR", help="course folder (default: here)")
    p.add_argument("--student", action="append", metavar="ID", help="only this student (repeat for more)")
    commands["feedback"] = _feedback

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
        epilog="example:\n  stratkit lite --out site && python3 -m http.server -d site -b 127.0.0.1 8000")
    p.add_argument("--course", default=".", help="the checkout: course/, exercises/, lite/ (default: here)")
    p.add_argument("--out", default="site", metavar="DIR", help="the site folder; remade on each run (default: site)")
    p.add_argument("--inputs", metavar="DIR", help="downloads kept between builds (default: COURSE/build/lite/inputs)")
    p.add_argument("--offline", action="store_true", help="fetch nothing: fail if an input is missing")
    commands["lite"] = _lite

    top.set_defaults(_commands=commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args._commands[args.command]
    return command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
