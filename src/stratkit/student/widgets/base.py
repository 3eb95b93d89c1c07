"""What every exercise widget shares: header, saving, the 'Saved' line and practice feedback.

Saving writes the record twice on every change: to the answer store file, and to a display output
that JupyterLab keeps inside the ``.ipynb`` (see :mod:`stratkit.answers.notebook_copy`). A failed file
save shows a visible warning and keeps the answer in memory and in the notebook.
"""

from __future__ import annotations

import html
import re
import weakref
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from stratkit.answers.notebook_copy import bundle
from stratkit.answers.record import AnswerRecord, make_record, newest
from stratkit.answers.store import AnswerStore, StoreError
from stratkit.scoring.marking import answered_count, describe, feedback, fraction, scheme_in_words

if TYPE_CHECKING:
    from collections.abc import Callable

    from stratkit.content.model import AnyExercise

TEXT_LAYOUT = {"flex": "1 1 auto", "min_width": "0"}


def markdown_lite(text: str) -> str:
    """Enough Markdown for prompts (paragraphs, **bold**, *italic*), safely escaped."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    out = []
    for paragraph in paragraphs:
        marked = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(paragraph))
        marked = re.sub(r"\*(.+?)\*", r"<i>\1</i>", marked)
        out.append(f"<p>{marked}</p>")
    return "".join(out)


def text_html(text: str) -> w.HTML:
    """A wrapping block of text (ipywidgets' Label would cut long statements off)."""
    return w.HTML(f'<div style="white-space: normal; line-height: 1.35">{html.escape(text)}</div>',
                  layout=w.Layout(**TEXT_LAYOUT))


#: Widgets alive in this kernel: if the answer file disappears, their answers are written again.
_LIVE: weakref.WeakSet[ExerciseWidget] = weakref.WeakSet()


class ExerciseWidget(w.VBox):
    """Base class: subclasses build ``body`` and implement ``value()`` and ``_restore()``."""

    noun = "answers"

    def __init__(self, exercise: AnyExercise, *, store: AnswerStore, student: str, practice: bool,
                 saved: AnswerRecord | None = None, publish: Callable[[dict[str, Any]], None] | None = None,
                 notes: list[str] | None = None) -> None:
        self.exercise = exercise
        self.store = store
        self.student = student
        self.practice = practice
        self.publish = publish
        self.record: AnswerRecord | None = saved
        self._seq = saved["seq"] if saved and type(saved.get("seq")) is int else 0
        self._restoring = False
        points = "" if practice else f" <span style='font-weight:normal'>({exercise.points:g} points)</span>"
        self.header = w.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(exercise.title)}{points}</h3>"
                             f"{markdown_lite(exercise.prompt)}")
        self.status = w.HTML(layout=w.Layout(margin="0.4em 0 0 0"))
        self.status.add_class("stratkit-status")
        self.feedback = w.HTML()
        self.feedback.add_class("stratkit-feedback")
        controls: list[w.Widget] = []
        if practice:
            self.check_button = w.Button(description="Check", button_style="primary", icon="check",
                                         tooltip="Show which answers are right, and why")
            self.check_button.on_click(lambda _: self.check())
            controls.append(self.check_button)
        self.body = self._build()
        super().__init__([self.header, self.body, w.HBox(controls), self.status, self.feedback],
                         layout=w.Layout(max_width="900px", width="100%"))
        self.add_class("stratkit-exercise")
        self.add_class(f"stratkit-{exercise.kind}")
        if saved is not None:
            self._restoring = True
            try:
                self._restore(saved["value"])
            finally:
                self._restoring = False
        self._show_status(notes or [])
        _LIVE.add(self)

    # subclasses ------------------------------------------------------------
    def _build(self) -> w.Widget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def _restore(self, value: Any) -> None:
        raise NotImplementedError

    # saving ----------------------------------------------------------------
    def changed(self, *_: Any) -> None:
        """Called by subclasses after every change the student makes."""
        if self._restoring:
            return
        self.save()

    def save(self) -> AnswerRecord:
        self._seq += 1
        self.record = make_record(self.exercise.id, self.exercise.kind, self.value(), self._seq)
        notes: list[str] = []
        saved = False
        try:
            missing = not self.store.path.exists()
            warning = self.store.save(self.record)
            saved = True
            if warning:
                notes.append(warning)
            notes.extend(self._rewrite_lost_answers(missing))
        except StoreError as exc:
            notes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - never a traceback in a widget: say it, keep the answer
            notes.append(f"cannot save to {self.store.path} ({type(exc).__name__}: {str(exc)[:120]}); your answer "
                         "is kept in this notebook: save the notebook (Ctrl+S) and tell your instructor")
        if self.publish is not None:
            try:
                self.publish(self.notebook_bundle())
            except Exception as exc:  # noqa: BLE001 - the same: one line in the widget, never a traceback
                notes.append(f"cannot update this notebook's copy of the answer ({type(exc).__name__}): run "
                             "this exercise's cell again")
        self._show_status(notes, saved_now=saved)
        if self.practice and self.feedback.value:
            self.feedback.value = ""  # stale feedback would mislead after a change
        return self.record

    def _rewrite_lost_answers(self, missing: bool) -> list[str]:
        """Write again the answers this kernel's widgets hold that the answer file lacks: it was deleted or
        moved while the notebook was open, set aside as damaged, or edited by hand. So none is lost."""
        folder = self.store.path.resolve().parent
        held: dict[str, list[AnswerRecord]] = {}
        for other in list(_LIVE):
            if other is self or other.record is None or other.exercise.id == self.exercise.id:
                continue
            if other.store.path.resolve().parent == folder:
                held.setdefault(other.exercise.id, []).append(other.record)
        if not held:
            return []
        current, _ = self.store.read()
        restored = 0
        for exercise_id, records in held.items():
            best = newest(records, exercise_id)
            if best is not None and exercise_id not in current:
                self.store.save(best)
                restored += 1
        if not restored:
            return []
        what = "had disappeared (deleted or moved?)" if missing else "lacked them (damaged or edited by hand?)"
        return [f"{self.store.path} {what}: stratkit wrote it again with this answer and the {restored} other "
                "answer(s) shown in this notebook; answers of other notebooks in this folder come back when you "
                "change them there"]

    def notebook_bundle(self) -> dict[str, Any]:
        if self.record is None:
            raise RuntimeError("notebook_bundle() needs a saved answer: call save() first")
        when = self.record["saved_at"][:19].replace("T", " ")
        if self.practice:  # the widget already shows it; one line is enough
            n = answered_count(self.exercise, self.record["value"])
            summary = (f"stratkit saved your answer to '{self.exercise.title}' at {when} UTC "
                       f"({n} of {len(self.exercise.entries())} {self.noun}).")
        else:  # graded: the full answer in words, readable even without a running kernel
            lines = describe(self.exercise, self.record["value"])
            summary = f"stratkit saved your answer to '{self.exercise.title}' at {when} UTC:\n" + "\n".join(lines)
        return bundle(self.record, summary)

    def _show_status(self, notes: list[str], saved_now: bool = False) -> None:
        parts = []
        if self.record is not None:
            n = answered_count(self.exercise, self.record["value"])
            total = len(self.exercise.entries())
            when = self.record["saved_at"][11:19]
            mark = "Saved" if saved_now or not notes else "Kept in this notebook"
            parts.append(f"<span style='color:#1a7f37'>✔ {mark}</span> at {when} UTC "
                         f"({n} of {total} {self.noun})")
        else:
            parts.append("<span style='color:#57606a'>Nothing saved yet: your answers save as you go.</span>")
        for note in notes:
            parts.append(f"<div style='color:#b42318; white-space:normal'>⚠ {html.escape(note)}</div>")
        self.status.value = " ".join(parts)

    # practice feedback -----------------------------------------------------
    def check(self) -> float:
        """Show right/wrong and the explanation of each entry (practice mode only)."""
        if not self.practice or not self.exercise.has_key:
            return 0.0
        value = self.value()
        score = fraction(self.exercise, value)
        rows = []
        for fb in feedback(self.exercise, value):
            if fb.right is None:  # no spoilers: answer it first
                rows.append(f"<li style='margin-bottom:0.5em'><span style='color:#57606a'>○</span> "
                            f"<b>{html.escape(fb.text)}</b><br>Not answered yet: choose an answer, then Check "
                            "again.</li>")
                continue
            mark, colour = ("✔", "#1a7f37") if fb.right else ("✘", "#b42318")
            rows.append(f"<li style='margin-bottom:0.5em'><span style='color:{colour}; font-weight:bold'>{mark}</span> "
                        f"<b>{html.escape(fb.text)}</b><br>{html.escape(fb.verdict())} "
                        f"{html.escape(fb.explanation)}</li>")
        self.feedback.value = (f"<div style='white-space:normal'><p><b>Score: {score * 100:.0f}%</b> "
                               f"({html.escape(scheme_in_words(self.exercise.scheme))})</p>"
                               f"<ul style='padding-left:1.2em'>{''.join(rows)}</ul></div>")
        return score
