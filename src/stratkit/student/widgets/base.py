"""What every exercise widget shares: one anywidget per exercise, saving, the status and practice feedback.

The front end (``static/exercise.js``, plain JavaScript shipped in the package: no build step) draws
the exercise with native controls and sets the ``answer`` trait on every change. This side saves
each answer to the answer store file and sends the saved ``record`` back. The front end then writes
that record into the notebook's own metadata (``metadata.stratkit.answers``) and saves the notebook,
and says "Saved" only once both copies hold it (see README, "How an answer gets from a click to the
gradebook"). As a fallback where no front end can write the notebook (another notebook app), this
side also keeps an invisible display output holding the record, which that app saves in the
``.ipynb`` (see :mod:`stratkit.notebook_copy`).

Traits (all synced): ``spec`` (the public exercise in this student's display order; never a key),
``answer`` (front end -> kernel), ``record`` and ``status`` (kernel -> front end), ``feedback``
(practice only, after Check), ``front`` (what the front end can do, front end -> kernel).
"""

from __future__ import annotations

import contextlib
import html
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as t

from stratkit.answers.notebook_copy import bundle
from stratkit.answers.record import AnswerRecord, make_record, newest
from stratkit.answers.store import STORE_FILE, AnswerStore, StoreError
from stratkit.scoring.marking import feedback as entry_feedback
from stratkit.scoring.marking import fraction, scheme_in_words

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from stratkit.content.model import AnyExercise, Term

#: An answer as saved: sort {item id: category id}; order and pick, a list of ids.
Answer = dict[str, str] | list[str]

STATIC = Path(__file__).with_name("static")


def markdown_lite(text: str) -> str:
    """Enough Markdown for prompts (paragraphs, **bold**, *italic*, links), safely escaped, as HTML.

    A glossary link ``[text](glossary:anchor)`` shows its text as a term (its definition is listed under
    the prompt by :func:`terms_html`); any other link shows its text only: a widget cannot open a page.
    """
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    out = []
    for paragraph in paragraphs:
        safe = html.escape(paragraph)
        safe = re.sub(r"\[([^\]]+)\]\(glossary:[A-Za-z0-9_-]+\)", r'<span class="sk-term">\1</span>', safe)
        safe = re.sub(r"\[([^\]]+)\]\([^)\s]*\)", r"\1", safe)
        safe = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", safe)
        safe = re.sub(r"\*(.+?)\*", r"<i>\1</i>", safe)
        out.append(f"<p>{safe}</p>")
    return "".join(out)


def terms_html(terms: Sequence[Term]) -> str:
    """The definitions of the glossary terms a prompt links to, in a disclosure under the prompt.

    A released problem set travels without the course's glossary, so the definitions come with the
    exercise (``terms`` in its public copy); a native ``details`` element needs no script to open.
    """
    if not terms:
        return ""
    names = ", ".join(html.escape(t.term) for t in terms)
    rows = "".join(f"<dt>{html.escape(t.term)}</dt><dd>{html.escape(t.definition)}</dd>" for t in terms)
    return f'<details class="sk-terms"><summary>Terms used here: {names}</summary><dl>{rows}</dl></details>'


#: Widgets alive in this kernel: if the answer file disappears, their answers are written again.
_LIVE: weakref.WeakSet[ExerciseWidget] = weakref.WeakSet()


class ExerciseWidget(anywidget.AnyWidget):
    """Base class: subclasses give ``entries_on_screen()``, ``clean()`` and the headless helpers."""

    _esm = STATIC / "exercise.js"
    _css = STATIC / "exercise.css"

    spec = t.Dict().tag(sync=True)
    answer = t.Any(None, allow_none=True).tag(sync=True)
    record = t.Dict(allow_none=True, default_value=None).tag(sync=True)
    status = t.Dict().tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    front = t.Dict().tag(sync=True)
    #: The small module that draws a saved exercise when its kernel is gone (see exercise.js).
    placeholder_esm = t.Unicode().tag(sync=True)

    def __init__(self, exercise: AnyExercise, *, store: AnswerStore, student: str, practice: bool,
                 saved: AnswerRecord | None = None, publish: Callable[[dict[str, Any]], None] | None = None,
                 notes: list[str] | None = None) -> None:
        self.exercise = exercise
        self.store = store
        self.student = student
        self.practice = practice
        self.publish = publish
        self._seq = saved["seq"] if saved and type(saved.get("seq")) is int else 0
        self._screen = self.entries_on_screen()
        restored = self.clean(saved["value"]) if saved is not None else None
        super().__init__(spec=self._spec(), answer=restored, record=dict(saved) if saved else None,
                         placeholder_esm=(STATIC / "placeholder.js").read_text(encoding="utf-8"))
        self.add_class("stratkit-exercise")
        self._notes = list(notes or [])
        self._show_status(self._notes)
        self.observe(self._on_answer, names="answer")
        self.on_msg(self._handle_message)
        _LIVE.add(self)

    # subclasses ------------------------------------------------------------
    def entries_on_screen(self) -> list[str]:
        """Entry ids in the order this student sees them (fixed per student and exercise)."""
        raise NotImplementedError

    def clean(self, value: object) -> Answer | None:
        """The parts of a saved or sent answer that fit this exercise (None when nothing fits)."""
        raise NotImplementedError

    def _spec(self) -> dict[str, Any]:
        ex = self.exercise
        spec: dict[str, Any] = {
            "id": ex.id, "kind": ex.kind, "title": ex.title,
            "prompt_html": markdown_lite(ex.prompt) + terms_html(ex.terms),
            "points": ex.points, "practice": self.practice,
            "entries": [{"id": e, "text": ex.entry(e).text} for e in self._screen],  # type: ignore[union-attr]
        }
        if ex.kind == "sort":
            spec["categories"] = [{"id": c.id, "label": c.label} for c in ex.categories]  # type: ignore[union-attr]
        return spec

    # the answer, as the front end and headless callers see it --------------
    def value(self) -> Answer:
        """The answer on screen now (what a save would store)."""
        cleaned = self.clean(self.answer) if self.answer is not None else None
        return cleaned if cleaned is not None else self.empty()

    def empty(self) -> Answer:
        return {} if self.exercise.kind == "sort" else []

    # saving ----------------------------------------------------------------
    def _on_answer(self, change: dict[str, Any]) -> None:
        if change["new"] is None:  # nothing to save (a refused answer, below)
            return
        cleaned = self.clean(change["new"])
        if cleaned != change["new"]:  # junk from a front end: keep what fits (this change saves it)
            self.answer = cleaned
            return
        self.save()

    def _handle_message(self, _: object, content: object, buffers: object) -> None:
        if not isinstance(content, dict):
            return
        self._catch_up(content.get("answer"))
        if content.get("kind") == "save":  # "Save this order": save what is on screen, moved or not
            if self.answer is None:
                self.answer = self.value()
            else:
                self.save()
        elif content.get("kind") == "check":
            self.check()

    def _catch_up(self, shown: object) -> None:
        """Take the answer a Check or Save request carries (the one on screen when it was pressed).

        Why: ipywidgets holds back a state update while the kernel is still busy with the previous
        one, so a click followed quickly by Check could be checked (or saved) without that click.
        An answer that differs from the kernel's is applied first, which saves it as a click would."""
        if shown is None:
            return
        cleaned = self.clean(shown)
        if cleaned is not None and cleaned != self.answer:
            self.answer = cleaned

    def save(self) -> AnswerRecord:
        self._seq += 1
        record = make_record(self.exercise.id, self.exercise.kind, self.value(), self._seq)
        notes: list[str] = []
        store_ok = False
        try:
            missing = not self.store.path.exists() and self.record is not None  # it held an answer before
            warning = self.store.save(record)
            store_ok = True
            if warning:
                notes.append(warning)
            notes.extend(self._rewrite_lost_answers(missing))
        except StoreError as exc:
            notes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 (never a traceback in a widget: say it, keep the answer)
            notes.append(f"cannot save to {self.store.path} ({type(exc).__name__}: {str(exc)[:120]}); your answer "
                         "is kept in this notebook: save the notebook (Ctrl+S) and tell your instructor")
        if self.publish is not None:
            with contextlib.suppress(Exception):  # the front end's copy still carries it: nothing to tell
                self.publish(bundle(record))
        with self.hold_sync():
            self.record = dict(record)
            if self.feedback:
                self.feedback = {}  # stale feedback would mislead after a change
            self._show_status(notes, store_ok=store_ok)
        return record

    def _rewrite_lost_answers(self, missing: bool) -> list[str]:
        """Write again the answers this kernel's widgets hold that the answer file lacks: it was deleted or
        moved while the notebook was open, set aside as damaged, or edited by hand. So none is lost."""
        folder = self.store.path.resolve().parent
        held: dict[str, list[AnswerRecord]] = {}
        for other in list(_LIVE):
            if other is self or other.record is None or other.exercise.id == self.exercise.id:
                continue
            if other.store.path.resolve().parent == folder:
                held.setdefault(other.exercise.id, []).append(other.record)  # type: ignore[arg-type]
        if not missing and not held:
            return []
        current, _ = self.store.read()
        restored = 0
        for exercise_id, records in held.items():
            best = newest(records, exercise_id)
            if best is not None and exercise_id not in current:
                self.store.save(best)
                restored += 1
        if not missing and not restored:
            return []
        others = (f" and {restored} other answer{'s' if restored != 1 else ''} shown in this notebook"
                  if restored else "")
        why = "was missing" if missing else "had lost some answers"
        return [f"info:The answer file ({STORE_FILE}) {why}, so stratkit wrote it again with this answer{others}. "
                "Nothing from this notebook was lost."]

    def _show_status(self, notes: list[str], store_ok: bool | None = None) -> None:
        """What the front end shows under the exercise: whether the answer file holds the answer, and notes.

        Notes starting with ``info:`` are reassurance, not warnings.
        """
        infos = [n[len("info:"):] for n in notes if n.startswith("info:")]
        warnings = [n for n in notes if not n.startswith("info:")]
        self.status = {"store": STORE_FILE, "store_ok": store_ok if store_ok is not None else self.record is not None,
                       "warnings": warnings, "infos": infos}

    def status_text(self) -> str:
        """The status in words, as a headless caller would read it (the front end adds the notebook copy)."""
        parts = []
        if self.record is None:
            parts.append("Nothing saved yet: your answers save as you go.")
        elif self.status.get("store_ok"):
            parts.append(f"Saved in {STORE_FILE}.")
        else:
            parts.append("Kept in this notebook only.")
        parts.extend(self.status.get("infos", []))
        parts.extend(self.status.get("warnings", []))
        return " ".join(parts)

    # practice feedback -----------------------------------------------------
    def check(self) -> float:
        """Right/wrong and the explanation of each entry, in the order on screen (practice mode only).

        An empty answer reveals nothing: the student is asked to answer first.
        """
        if not self.practice or not self.exercise.has_key:
            return 0.0
        value = self.value()
        if self._nothing_to_check(value):
            self.feedback = {"empty": True, "message": self._empty_message()}
            return 0.0
        score = fraction(self.exercise, value)
        by_id = {fb.id: fb for fb in entry_feedback(self.exercise, value)}
        order = value if self.exercise.kind == "order" else self._screen
        rows = []
        unanswered = 0
        for entry_id in order:
            fb = by_id.get(entry_id)
            if fb is None:
                continue
            if fb.right is None:  # no spoilers: counted, never explained, until answered
                unanswered += 1
                continue
            rows.append({"id": fb.id, "text": fb.text, "mark": "right" if fb.right else "wrong",
                         "verdict": fb.verdict(), "explanation": fb.explanation})
        right = sum(1 for r in rows if r["mark"] == "right")
        self.feedback = {"empty": False, "score_percent": round(score * 100),
                         "scheme": scheme_in_words(self.exercise.scheme), "right": right,
                         "total": len(rows) + unanswered, "unanswered": unanswered, "rows": rows}
        return score

    def _nothing_to_check(self, value: Answer) -> bool:
        if self.exercise.kind == "order":
            return self.record is None  # steps not yet put in an order of the student's own
        return not value

    def _empty_message(self) -> str:
        messages = {"sort": "Choose a category for at least one statement, then Check.",
                    "order": "Put the steps in your order first (or press Save this order), then Check.",
                    "pick": "Tick at least one option, then Check."}
        return messages.get(self.exercise.kind, "Answer first, then Check.")
