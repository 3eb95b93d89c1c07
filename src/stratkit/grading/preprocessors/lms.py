"""``nbgrader zip_collect`` for Canvas and Moodle downloads: who submitted each file, and which notebook it is.

nbgrader's ``FileNameCollectorPlugin`` needs a regular expression for the LMS's file names and takes
the notebook's name from the file name. This plugin knows the two download formats, finds the
student in the class list, and names each notebook by its content (:mod:`stratkit.grading.matching`), so a
renamed notebook or a second upload still reaches nbgrader as the notebook it grades.

Download names, from the LMS source code:

* **Canvas** (Submissions > Download Submissions; ``lib/content_zipper.rb`` in canvas-lms): one flat
  ZIP of ``<sortable name>[_LATE]_<user id>_<attachment id>_<file name>``, the sortable name
  lower-cased with everything but letters and digits removed: ``nunezjose_1003_55501_ps1.ipynb``,
  ``leeann_LATE_1001_55502_ps1-1.ipynb`` (Canvas renames a student's second upload of the same
  file ``ps1-1.ipynb``). Anonymous grading writes ``anon_<anonymous id>`` instead of name and user
  id. The student is found by ``lms_user_id`` in the class list (``nbgrader db student import``),
  else by an nbgrader id equal to the Canvas user id; otherwise the Canvas user id becomes the id.
* **Moodle** (View all submissions > Download all submissions; ``mod/assign/classes/downloader.php``):
  one folder per student, ``<Full name>_<participant id>_assignsubmission_file/<file name>``, or,
  with "Download submissions in folders" turned off, flat files
  ``<Full name>_<participant id>_assignsubmission_file_<file name>``. The participant id is
  Moodle's per-assignment number (the one anonymous marking shows), not the user's id, so the
  student is found by full name in the class list ("First Last" or "Last First"); a name that is
  missing or not unique there is reported and the file skipped, never guessed.

Set ``LmsCollectorPlugin.lms`` to ``canvas`` or ``moodle`` (``stratkit collect --lms`` does it);
left empty, ``FileNameCollectorPlugin.named_regexp`` applies as in nbgrader, and the content rule
still names the notebook. Each file gets one log line prefixed ``stratkit:``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin
from traitlets import Enum

from stratkit.grading.matching import Candidate, because, read_candidate
from stratkit.grading.preprocessors.matching_steps import expected_notebooks, other_assignments

CANVAS = re.compile(r"^(?:(?P<name>.+?)(?:_LATE)?_(?P<number>\d+)|(?:LATE_)?anon_(?P<anon>[A-Za-z0-9]+))"
                    r"_(?P<attachment>\d+)_(?P<file>.+)$")
MOODLE_FOLDER = re.compile(r"(?:^|/)(?P<name>[^/]+?)_(?P<number>\d+)_assignsubmission_file_?/(?:.*/)?(?P<file>[^/]+)$")
MOODLE_FLAT = re.compile(r"(?:^|/)(?P<name>[^/]+?)_(?P<number>\d+)_assignsubmission_file_(?P<file>[^/]+)$")


def _fold(text: str) -> str:
    """A name compared as people read it: Unicode-normalised, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _canvas_sortable(first: str, last: str) -> str:
    """Canvas's file-name form of a sortable name ("Núñez, José" -> "núñezjosé")."""
    return re.sub(r"[^\w]", "", f"{last}, {first}".lower())


def class_list(db_url: str) -> list[dict[str, Any]]:
    """The gradebook's students (empty when there is no gradebook yet)."""
    from stratkit.grading import gradebook

    path = Path(db_url.replace("sqlite:///", "", 1)) if db_url.startswith("sqlite:///") else None
    if path is None or not path.is_file():
        return []
    try:
        return gradebook.students(path)
    except gradebook.GradebookError:
        return []


class LmsCollectorPlugin(FileNameCollectorPlugin):  # nbgrader is untyped
    """Canvas / Moodle download names, the class list, and notebooks matched by content."""

    lms = Enum(["", "canvas", "moodle"], default_value="",
               help="The LMS the download comes from: canvas, moodle, or '' for named_regexp.").tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._decisions: dict[str, dict[str, str] | None] | None = None

    # nbgrader calls collect() once per extracted file, in sorted order; the first call decides them all,
    # because the newest of a student's copies can only be chosen by looking at all of them.
    def collect(self, submitted_file: str) -> dict[str, str] | None:
        if self._decisions is None:
            self._decisions = self._decide()
        return self._decisions.get(submitted_file)

    def _extracted_root(self, submitted_file: str | None = None) -> Path:
        app = self.parent
        try:
            return Path(app._format_collect_path(app.extracted_directory))
        except AttributeError:  # used outside ZipCollectApp: the file's own folder
            return Path(submitted_file or ".").parent

    def _who(self, relative: str, students: list[dict[str, Any]]) -> tuple[str | None, str | None, str]:
        """(student id, original file name, how it was found) or (None, None, why not)."""
        if self.lms == "canvas":
            match = CANVAS.match(Path(relative).name)
            if not match:
                return None, None, "not a Canvas download name (name_userid_attachmentid_file)"
            original = match["file"]
            if match["anon"]:
                return f"anon_{match['anon']}", original, "Canvas anonymous id"
            number = match["number"]
            late = (" (Canvas marked it LATE: nbgrader has no submission time for it)"
                    if "_LATE_" in Path(relative).name else "")
            by_lms = [s for s in students if str(s.get("lms_user_id") or "") == number]
            if len(by_lms) == 1:
                sid = str(by_lms[0]["id"])
                return sid, original, f"Canvas user {number} is {sid} in the class list{late}"
            if any(str(s["id"]) == number for s in students):
                return number, original, f"Canvas user {number} is in the class list{late}"
            return number, original, (f"Canvas user {number} ({match['name']}) is not in the class list: kept as "
                                      f"{number}{late}")
        if self.lms == "moodle":
            match = MOODLE_FOLDER.search(relative) or MOODLE_FLAT.search(relative)
            if not match:
                return None, None, "not a Moodle download name (Full name_participant_assignsubmission_file)"
            name = match["name"]
            wanted = _fold(name)
            found = [s for s in students
                     if wanted in (_fold(f"{s.get('first_name') or ''} {s.get('last_name') or ''}"),
                                   _fold(f"{s.get('last_name') or ''} {s.get('first_name') or ''}"))]
            if len(found) == 1:
                return str(found[0]["id"]), match["file"], f"Moodle's {name} is {found[0]['id']} in the class list"
            if not found:
                return None, None, (f"{name} (Moodle participant {match['number']}) is not in the class list: add "
                                    "them with 'nbgrader db student add ID --first-name=... --last-name=...' and "
                                    "run zip_collect again")
            return None, None, (f"{name} (Moodle participant {match['number']}) matches {len(found)} students in "
                                "the class list: give them distinct names there, then run zip_collect again")
        info = self._match(str(self._extracted_root() / relative))
        if not info or "student_id" not in info or "file_id" not in info:
            return None, None, f"no match for named_regexp {self.named_regexp!r}"
        return str(info["student_id"]), Path(str(info["file_id"])).name, "named_regexp"

    def _decide(self) -> dict[str, dict[str, str] | None]:
        app = self.parent
        coursedir = app.coursedir
        assignment = coursedir.assignment_id
        source_root = Path(coursedir.root) / coursedir.source_directory
        expected = expected_notebooks(source_root, assignment)
        others = other_assignments(source_root, assignment)
        students = class_list(coursedir.db_url)
        root = self._extracted_root()
        files = sorted(str(p) for p in root.rglob("*") if p.is_file())
        decisions: dict[str, dict[str, str] | None] = {}
        by_student: dict[str, list[tuple[str, str, str, Candidate]]] = {}
        for path in files:
            relative = str(Path(path).relative_to(root))
            if Path(path).suffix not in self.valid_ext:
                decisions[path] = None
                continue
            student, original, how = self._who(relative, students)
            if student is None or original is None:
                self.log.warning("stratkit: %s: skipped: %s", relative, how)
                decisions[path] = None
                continue
            candidate = read_candidate(Path(path), assignment, expected, others)
            by_student.setdefault(student, []).append((path, original, how, candidate))
        for student, files_of in sorted(by_student.items()):
            for path, *_ in files_of:
                decisions[path] = None
            for name in sorted(expected):
                mine = [f for f in files_of if f[3].assignment == assignment and f[3].notebook == name]
                if not mine:
                    mine = [f for f in files_of if f[1] == name and f[3].assignment is None and f[3].data is not None]
                if not mine:
                    continue
                path, original, how, best = max(mine, key=lambda f: (f[3].newest, f[1] == name))
                decisions[path] = {"student_id": student, "file_id": name}
                if best.encoding:
                    self._reencode(Path(path))
                why = because(best, assignment) if best.how else "its file name (it carries no stratkit mark)"
                self.log.info("stratkit: %s: %s -> submitted/%s/%s/%s (%s; %s)", student, original, student,
                              assignment, name, how, why)
                for other_path, other_original, _, other in mine:
                    if other_path != path:
                        self.log.warning("stratkit: %s: %s not graded: %s holds newer answers (%s against %s)",
                                         student, other_original, original, best.newest or "none",
                                         other.newest or "none")
            for path, original, _, c in files_of:
                if decisions[path] is None and c.assignment != assignment:
                    what = c.problem or (f"it holds assignment {c.assignment}" if c.assignment
                                         else "it holds no stratkit exercise of this assignment")
                    self.log.warning("stratkit: %s: %s not collected: %s", student, original, what)
        return decisions

    @staticmethod
    def _reencode(path: Path) -> None:
        """Re-save the extracted copy as plain UTF-8 (a byte-order mark or UTF-16 keeps nbgrader from reading it)."""
        from stratkit.answers.notebook_copy import decode_notebook

        text, _ = decode_notebook(path.read_bytes())
        path.write_text(text, encoding="utf-8")
