"""Feedback holds no key: for answered, blank, half-blank and tampered submissions, every file
``generate_feedback`` writes, ``release_feedback`` puts in the exchange and ``fetch_feedback`` brings
into the student's folder.

nbgrader renders the autograded notebook, whose test cells hold their hidden part again:
``stratkit.grade(..., key="sk1:...")``, the packed key of every exercise. stratkit's
``HideHiddenTests`` (first in ``GenerateFeedback.preprocessors``, nbgrader_config.py) removes it;
nbgrader's own default feedback, made once here for comparison, shows it (so these tests can fail).
Right answers and explanations appear only for entries the student answered.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .autograde_batch import EXCHANGE, STUDENTS
from .helpers import EXERCISES

pytestmark = pytest.mark.slow

HIDDEN_TEST_TEXT = ("sk1:", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "stratkit.grade(")


def visible(path: Path) -> str:
    """A feedback file as text: tags dropped, entities decoded (code is split into many spans)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def explanations(exercise_id: str, entries: list[str] | None = None) -> list[str]:
    """The first 60 characters of the explanations of an exercise's entries (all, or those named)."""
    exercise = EXERCISES[exercise_id]
    return [" ".join(e.explanation.split())[:60] for e in exercise.entries()
            if e.explanation and (entries is None or e.id in entries)]


def test_every_student_got_feedback_through_the_exchange(autograded):
    files = autograded.feedback_files()
    for name in EXCHANGE:
        fetched = [p for p in files[name] if autograded.course.students in p.parents]
        assert [p for p in fetched if p.suffix == ".html"], (name, files[name], autograded.feedback_log[-3000:])
    assert files["(exchange)"]
    for name in [*STUDENTS, *EXCHANGE]:
        assert [p for p in files.get(name, []) if p.suffix == ".html"], name


def test_no_feedback_file_holds_a_key_or_a_hidden_test(autograded):
    scanned = 0
    for student, paths in autograded.feedback_files().items():
        for path in paths:
            raw = path.read_text(encoding="utf-8", errors="replace")
            text = visible(path)
            for needle in HIDDEN_TEST_TEXT:
                assert needle not in raw and needle not in text, (student, path, needle)
            scanned += 1
    assert scanned >= len(STUDENTS) + 2 * len(EXCHANGE)


def test_nbgrader_default_feedback_would_hold_the_key(autograded):
    # the same student's feedback made with nbgrader's own preprocessors: the packed key is there
    text = visible(autograded.leaky_feedback)
    assert "sk1:" in text and "BEGIN HIDDEN TESTS" in text and "stratkit.grade(" in text


@pytest.mark.parametrize("student", ["fbblank"])
def test_a_blank_submission_names_no_right_answer(autograded, student):
    pages = [p for p in autograded.feedback_files()[student] if p.suffix == ".html"]
    assert pages
    for path in pages:
        text = " ".join(visible(path).split())
        assert text.count("no answer was saved") >= 3
        for exercise_id in EXERCISES:
            for explanation in explanations(exercise_id):
                assert explanation not in text, (path, explanation)
        for phrase in ("the answer is", "The answer:", "belongs", "Right to", "Right."):
            assert phrase not in text, (path, phrase)


@pytest.mark.parametrize("student", ["fbhalfblank", "fbtampered"])
def test_a_half_blank_submission_explains_only_what_was_answered(autograded, student):
    # answered: sort s1, s2 (both right) and order t3, t6; nothing else
    for path in [p for p in autograded.feedback_files()[student] if p.suffix == ".html"]:
        text = " ".join(visible(path).split())
        for explanation in explanations("ps1-sort", ["s1", "s2"]) + explanations("ps1-order", ["t3", "t6"]):
            assert explanation in text, (path, explanation)
        unanswered = (explanations("ps1-sort", ["s3", "s4", "s5", "s6", "s7", "s8"])
                      + explanations("ps1-order", ["t1", "t2", "t4", "t5"]) + explanations("ps1-pick"))
        for explanation in unanswered:
            assert explanation not in text, (path, explanation)
        assert "The answer:" not in text and "Not answered." in text


def test_answered_feedback_still_explains_every_answer(autograded):
    (path,) = [p for p in autograded.feedback_files()["fbanswered"]
               if p.suffix == ".html" and autograded.course.students in p.parents]
    text = " ".join(visible(path).split())
    assert "3 of 4 points" in text and "2 of 3 points" in text and "0.75 of 3 points" in text
    for exercise_id in ("ps1-sort", "ps1-order"):
        for explanation in explanations(exercise_id):
            assert explanation in text, explanation
