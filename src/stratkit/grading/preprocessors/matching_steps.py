"""Put each student's notebook under the name nbgrader grades, wherever it enters the course.

Three doors, one rule (:mod:`stratkit.grading.matching`: a notebook is matched by what it says it is, the
newest answers win, a byte-order mark is undone):

* ``nbgrader collect`` (the exchange): :class:`MatchingCollect`, set as ``ExchangeFactory.collect``,
  matches each folder it has just collected;
* ``nbgrader zip_collect`` (LMS downloads): :class:`stratkit.grading.preprocessors.lms.LmsCollectorPlugin`
  names each file by its content before nbgrader copies it;
* ``nbgrader autograde``: :class:`MatchSubmittedNotebooks`, set as ``Autograde.pre_convert_hook``,
  catches folders that came in any other way (copied by hand, collected before this was configured).

Each notebook gets one log line saying what was matched and why, prefixed ``stratkit:``.

The same doors rewrite a ``timestamp.txt`` that nbgrader would misread (:mod:`stratkit.grading.timestamps`:
a zone abbreviation nbgrader 0.9.6 does not know, such as "PDT" or "CEST", or "+03") as the same
instant in UTC, keeping the original as ``timestamp.txt.original``; nbgrader's lateness then uses the
right time.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbgrader.exchange.default import ExchangeCollect

from stratkit.grading.matching import Plan, apply_plan, plan_folder, source_notebooks

if TYPE_CHECKING:
    import logging


def expected_notebooks(source_root: str | Path, assignment: str) -> dict[str, set[str]]:
    """The assignment's notebooks and their grade cells, from the course's source folder (solutions/)."""
    return source_notebooks(Path(source_root) / assignment)


def other_assignments(source_root: str | Path, assignment: str) -> dict[str, set[str]]:
    """Grade cells of every other assignment: to recognise a notebook of another one without metadata."""
    out: dict[str, set[str]] = {}
    root = Path(source_root)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != assignment) if root.is_dir() else ():
        ids = set().union(*source_notebooks(folder).values()) if any(folder.glob("*.ipynb")) else set()
        if ids:
            out[folder.name] = ids
    return out


def fix_timestamp(folder: Path) -> str | None:
    """Rewrite ``folder/timestamp.txt`` in UTC when nbgrader would read it wrong; a line saying so, or None."""
    from nbgrader.utils import parse_utc

    from stratkit.grading.timestamps import parse_stamp

    path = folder / "timestamp.txt"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    stamp = parse_stamp(text)
    if stamp is None or not stamp.exact:
        return None
    try:
        theirs = parse_utc(text)
    except (ValueError, OverflowError):
        theirs = None
    if theirs is not None and abs((theirs - stamp.latest).total_seconds()) < 1:
        return None
    original = folder / "timestamp.txt.original"
    if not original.exists():
        original.write_text(text, encoding="utf-8")
    path.write_text(f"{stamp.latest:%Y-%m-%d %H:%M:%S.%f} UTC", encoding="utf-8")
    return (f"timestamp.txt said '{text}', which nbgrader reads as {theirs} UTC; rewritten as "
            f"{stamp.latest:%Y-%m-%d %H:%M:%S} UTC (the original is kept in timestamp.txt.original)")


def match_folder(folder: Path, source_root: str | Path, *, student: str | None = None,
                 log: logging.Logger | logging.LoggerAdapter[Any] | None = None) -> Plan | None:
    """Match (and rename / re-encode) the notebooks of one submission folder; log one line per notebook.

    Without a logger (the autograde hook has none), the lines go to stderr, beside nbgrader's log.
    """
    assignment = folder.name
    expected = expected_notebooks(source_root, assignment)
    if not expected or not folder.is_dir():
        return None
    plan = plan_folder(folder, assignment, expected, others=other_assignments(source_root, assignment),
                       who=student or folder.parent.name)
    apply_plan(plan)
    fixed = fix_timestamp(folder)
    lines = [*plan.lines, *([f"{student or folder.parent.name}: {fixed}"] if fixed else [])]
    if fixed:
        plan.unusual.append(lines[-1])
    for line in lines:
        if log is None:  # the autograde hook: a safety net, so only what it had to change
            if line in plan.unusual:
                print(f"[stratkit] {line}", file=sys.stderr, flush=True)
        else:
            (log.warning if line in plan.unusual else log.info)("stratkit: %s", line)
    return plan


def submitted_by_someone_else(path: str | Path, student: str) -> str | None:
    """The account that put ``path`` in the exchange's inbound folder, when it is another student's.

    nbgrader's inbound folder is writable by every student, and a folder's name says whose submission
    it is: a student could hand in a later "submission" in a classmate's name, which ``collect
    --update`` would take. On a server with Linux accounts (docs/deployment.md) the owner of the folder
    is who made it. None when the owner is the student, root or the account collecting, or has no
    name here (one uid per pod on Kubernetes without user names): then nothing can be told."""
    import os
    import pwd

    try:
        uid = Path(path).lstat().st_uid
    except OSError:
        return None
    if uid in (0, os.geteuid()):
        return None
    try:
        owner = pwd.getpwuid(uid).pw_name
    except KeyError:
        return None
    return owner if owner != student else None


class MatchingCollect(ExchangeCollect):  # nbgrader is untyped
    """nbgrader's exchange collect, then each collected folder's notebooks matched by content.

    A submission another student's account put in the exchange is never collected (see
    :func:`submitted_by_someone_else`); the student's own newest one is, as nbgrader would."""

    def _sort_by_timestamp(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        own, foreign = [], []
        for record in records:
            owner = submitted_by_someone_else(Path(self.inbound_path) / record["filename"], record["username"])
            if owner is None:
                own.append(record)
            else:
                self.log.warning("stratkit: not collecting %s: the account %s put it in the exchange, not %s",
                                 record["filename"], owner, record["username"])
                foreign.append(dict(record, foreign=owner))
        return sorted(own or foreign, key=lambda item: item["timestamp"], reverse=True)

    def init_src(self) -> None:
        super().init_src()
        collected: list[dict[str, Any]] = getattr(self, "src_records", [])
        self.src_records = [record for record in collected if not record.get("foreign")]

    def copy_files(self) -> None:
        super().copy_files()
        source_root = Path(self.coursedir.root) / self.coursedir.source_directory
        for record in self.src_records:
            dest = Path(self.coursedir.format_path(self.coursedir.submitted_directory, record["username"],
                                                   self.coursedir.assignment_id))
            match_folder(dest, source_root, student=record["username"], log=self.log)


class MatchSubmittedNotebooks:
    """``Autograde.pre_convert_hook``: match the folder nbgrader is about to grade, and update its list.

    nbgrader calls the hook with the list of notebooks it found in the folder (its own list object);
    after renaming, the list is refilled in place so nbgrader grades the renamed file.
    """

    def __init__(self, source_root: str | Path) -> None:
        self.source_root = Path(source_root)

    def __call__(self, assignment: str | None = None, student: str | None = None,
                 notebooks: list[str] | None = None, **_: object) -> None:
        if not notebooks:
            return
        folders = sorted({Path(n).parent for n in notebooks})
        for folder in folders:
            plan = match_folder(folder, self.source_root, student=folder.parent.name)
            if plan is not None and plan.changes:
                notebooks[:] = sorted({*(n for n in notebooks if Path(n).parent != folder),
                                       *(str(p) for p in folder.glob("*.ipynb"))})
