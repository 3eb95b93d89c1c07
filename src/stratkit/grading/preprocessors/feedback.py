"""``nbgrader release_feedback`` that skips students who never used the exchange, instead of failing for all.

Releasing feedback puts each student's HTML in the exchange under a name only their own submission
can compute: it reads ``timestamp.txt`` and ``submission_secret.txt``, which ``nbgrader submit``
writes. A submission collected from LMS uploads (``zip_collect``) has neither, and nbgrader 0.9.6
stops with ``FileNotFoundError`` at the first such student, releasing nothing for anyone. Such a
student could not fetch feedback from the exchange anyway: their HTML goes back through the LMS.
This plugin (``ExchangeFactory.release_feedback``) leaves them out with one line each and releases
everyone else's.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.exchange.default import ExchangeReleaseFeedback


class ReleaseFeedbackExchangeOnly(ExchangeReleaseFeedback):  # nbgrader is untyped
    """Release feedback for the students who submitted through the exchange; name the others."""

    def copy_files(self) -> None:
        feedback_root = Path(self.coursedir.format_path(self.coursedir.feedback_directory, ".", "."))
        skipped = []
        for folder in sorted(feedback_root.glob(f"*/{self.coursedir.assignment_id}")):
            if not folder.is_dir():
                continue
            lacking = [n for n in ("timestamp.txt", "submission_secret.txt") if not (folder / n).is_file()]
            if lacking and any(folder.glob("*.html")):
                student = folder.parent.name
                skipped.append(student)
                self.log.warning("stratkit: %s: feedback not released: no exchange submission (no %s: collected "
                                 "from LMS uploads?); send %s to the student through the LMS", student,
                                 " or ".join(lacking), ", ".join(str(p) for p in sorted(folder.glob("*.html"))))
        if not skipped:
            super().copy_files()
            return
        before = self.coursedir.student_id_exclude
        self.coursedir.student_id_exclude = ",".join(filter(None, [before, *skipped]))
        try:
            super().copy_files()
        finally:
            self.coursedir.student_id_exclude = before
