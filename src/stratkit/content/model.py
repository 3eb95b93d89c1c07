"""The content model: exercises as plain, immutable data.

Everything else (scoring, the answer store, widgets, grading, reports) reads these classes; this
module imports nothing of stratkit's, so it stays cheap to import in a student's kernel.
Ids are stable strings: answers and reports refer to ids, never to positions on screen.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

SCHEMA_VERSION = 1
Kind = Literal["sort", "order", "pick"]
KINDS: tuple[str, ...] = ("sort", "order", "pick")

#: The scoring schemes an exercise may name, by kind: the exercise format's vocabulary. Each name is a
#: function in :mod:`stratkit.scoring` (a test keeps the two lists equal); formulas and sources there.
SCHEMES: Mapping[str, tuple[str, ...]] = {
    "sort": ("per_item", "right_minus_wrong", "all_or_nothing"),
    "order": ("all_or_nothing", "absolute_position", "relative_to_correct", "relative_next_exclude_last",
              "relative_next_include_last", "relative_prev_next", "relative_all_prev_next",
              "longest_ordered_subset", "longest_contiguous_subset", "lcs_edit_distance"),
    "pick": ("all_or_nothing", "net_correct", "coverage", "each_answer", "canvas_penalty"),
}

#: Fields that carry the answer key; a public (released) exercise has none of them.
KEY_FIELDS: tuple[str, ...] = ("answer", "correct", "explanation", "order", "prerequisites", "claims", "why_not")


@dataclass(frozen=True)
class Term:
    """A glossary term an exercise links to (``[text](glossary:<anchor>)`` in its prompt).

    Public copies carry the definitions of the terms they link to, because a student's folder holds
    the problem set alone, with no course glossary to follow a link into.
    """

    anchor: str
    term: str
    definition: str
    #: Whose meaning the definition gives: "Caporale", "Lacy" or "general" (ordinary business usage).
    source: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"anchor": self.anchor, "term": self.term, "definition": self.definition, "source": list(self.source)}


@dataclass(frozen=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True)
class Entry:
    """One sortable item, orderable step or pickable option."""

    id: str
    text: str
    explanation: str | None = None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class SortItem(Entry):
    answer: str | None = None
    #: (category id, why that category is wrong for this item) pairs: feedback for a wrong choice.
    why_not: tuple[tuple[str, str], ...] = ()

    def why_not_for(self, category_id: object) -> str | None:
        """Why ``category_id`` is the wrong place for this item, if the key says; else None."""
        return next((text for cat, text in self.why_not if cat == category_id), None)


@dataclass(frozen=True)
class Step(Entry):
    pass


@dataclass(frozen=True)
class Option(Entry):
    correct: bool | None = None


@dataclass(frozen=True)
class Exercise:
    """Fields every kind shares. ``public`` exercises were stripped of their key for release."""

    id: str
    title: str
    prompt: str
    points: float
    scheme: str
    source: str | None = None
    public: bool = False
    #: Definitions of the glossary terms the prompt links to; not part of the key (students need them).
    terms: tuple[Term, ...] = ()

    kind: str = field(default="", init=False)

    @property
    def has_key(self) -> bool:
        return not self.public

    def entries(self) -> tuple[Entry, ...]:
        raise NotImplementedError

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    def to_dict(self, *, public: bool = False) -> dict[str, Any]:
        """The YAML/JSON form; ``public=True`` drops every key field (what students receive)."""
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "prompt": self.prompt,
            "points": self.points,
            "scheme": self.scheme,
        }
        if self.source:
            data["source"] = self.source
        if public or self.public:
            data["public"] = True
        data.update(self._body(public=public or self.public))
        if self.terms:
            data["terms"] = [t.to_dict() for t in self.terms]
        return data

    def _body(self, *, public: bool) -> dict[str, Any]:
        raise NotImplementedError


def _entry_dict(entry: Entry, extra: Mapping[str, Any], public: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry.id, "text": entry.text}
    if public:
        return data
    data.update({k: v for k, v in extra.items() if v is not None})
    if entry.explanation is not None:
        data["explanation"] = entry.explanation
    if entry.claims:
        data["claims"] = list(entry.claims)
    return data


@dataclass(frozen=True)
class SortExercise(Exercise):
    categories: tuple[Category, ...] = ()
    items: tuple[SortItem, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", "sort")

    def entries(self) -> tuple[Entry, ...]:
        return self.items

    def key(self) -> dict[str, str]:
        return {i.id: i.answer for i in self.items if i.answer is not None}

    def category_label(self, category_id: object) -> str:
        return next((c.label for c in self.categories if c.id == category_id), str(category_id))

    def _body(self, *, public: bool) -> dict[str, Any]:
        return {
            "categories": [{"id": c.id, "label": c.label} for c in self.categories],
            "items": [_entry_dict(i, {"answer": i.answer, "why_not": dict(i.why_not) or None}, public)
                      for i in self.items],
        }


@dataclass(frozen=True)
class OrderExercise(Exercise):
    steps: tuple[Step, ...] = ()
    order: tuple[str, ...] | None = None
    prerequisites: Mapping[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", "order")

    def entries(self) -> tuple[Entry, ...]:
        return self.steps

    def valid_order(self, pick: Callable[[list[str]], str] | None = None) -> list[str]:
        """A correct sequence: the key's, or one that respects every prerequisite.

        ``pick`` chooses among the steps ready to go next (default: the first in listing order), so
        a caller can draw a random valid order with ``pick=rng.choice``.
        """
        if self.order is not None:
            return list(self.order)
        needs = {k: set(v) for k, v in (self.prerequisites or {}).items()}
        remaining = [s.id for s in self.steps]
        placed: list[str] = []
        while remaining:
            ready = [s for s in remaining if needs.get(s, set()) <= set(placed)] or remaining  # cycles: validated away
            chosen = pick(ready) if pick else ready[0]
            placed.append(chosen)
            remaining.remove(chosen)
        return placed

    def _body(self, *, public: bool) -> dict[str, Any]:
        steps = self.steps
        if public:  # never release steps in their correct order
            steps = tuple(sorted(steps, key=lambda s: s.id))
        data: dict[str, Any] = {"steps": [_entry_dict(s, {}, public) for s in steps]}
        if not public:
            if self.order is not None:
                data["order"] = list(self.order)
            if self.prerequisites is not None:
                data["prerequisites"] = {k: list(v) for k, v in self.prerequisites.items()}
        return data


@dataclass(frozen=True)
class PickExercise(Exercise):
    options: tuple[Option, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", "pick")

    def entries(self) -> tuple[Entry, ...]:
        return self.options

    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def _body(self, *, public: bool) -> dict[str, Any]:
        return {"options": [_entry_dict(o, {"correct": o.correct}, public) for o in self.options]}


AnyExercise = SortExercise | OrderExercise | PickExercise


def _claims(data: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(c) for c in data.get("claims") or ())


def term_from_dict(data: Mapping[str, Any]) -> Term:
    source = data.get("source") or ()
    return Term(str(data["anchor"]), str(data["term"]), str(data["definition"]),
                (str(source),) if isinstance(source, str) else tuple(str(s) for s in source))


def exercise_from_dict(data: Mapping[str, Any]) -> AnyExercise:
    """Build an exercise from already-validated data (see :mod:`stratkit.content.loading` for checks)."""
    common: dict[str, Any] = {
        "id": str(data["id"]),
        "title": str(data["title"]),
        "prompt": str(data["prompt"]),
        "points": float(data["points"]),
        "scheme": str(data["scheme"]),
        "source": data.get("source"),
        "public": bool(data.get("public", False)),
        "terms": tuple(term_from_dict(t) for t in data.get("terms") or ()),
    }
    kind = data["kind"]
    if kind == "sort":
        return SortExercise(
            **common,
            categories=tuple(Category(str(c["id"]), str(c["label"])) for c in data["categories"]),
            items=tuple(
                SortItem(str(i["id"]), str(i["text"]), i.get("explanation"), _claims(i), i.get("answer"),
                         tuple((str(k), str(v)) for k, v in (i.get("why_not") or {}).items()))
                for i in data["items"]
            ),
        )
    if kind == "order":
        prereq = data.get("prerequisites")
        return OrderExercise(
            **common,
            steps=tuple(Step(str(s["id"]), str(s["text"]), s.get("explanation"), _claims(s)) for s in data["steps"]),
            order=tuple(data["order"]) if data.get("order") is not None else None,
            prerequisites={str(k): tuple(v or ()) for k, v in prereq.items()} if prereq is not None else None,
        )
    if kind == "pick":
        return PickExercise(
            **common,
            options=tuple(
                Option(str(o["id"]), str(o["text"]), o.get("explanation"), _claims(o), o.get("correct"))
                for o in data["options"]
            ),
        )
    raise ValueError(f"unknown exercise kind {kind!r}: use one of {', '.join(KINDS)}")


def display_order(ids: Sequence[str], *, student: str, exercise_id: str) -> list[str]:
    """Shuffle ids the same way every time for one student and exercise.

    Seeded from a hash (not Python's salted ``hash``), so a restart shows the same order while two
    students see different ones. Grading never depends on this order: answers are keyed by id.
    """
    seed = hashlib.sha256(f"{student}\0{exercise_id}".encode()).digest()
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def find_cycle(prerequisites: Mapping[str, Sequence[str] | None]) -> list[str] | None:
    """A cycle in the prerequisites as ``[a, b, ..., a]`` (each id needs the next), or None.

    A cycle means no order can satisfy the key; the validator shows it so the author can break it.
    A step that needs itself is the cycle ``[a, a]``. ``None`` counts as no prerequisites.
    """
    graph: dict[str, list[str]] = {}
    for node, before in prerequisites.items():
        if isinstance(before, (str, bytes)):
            raise ValueError(f"the prerequisites of {node!r} must be a list of step ids, not a string")
        graph[node] = list(before or ())
    colour: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in graph:
        if root in colour:
            continue
        path = [root]
        todo = [list(reversed(graph.get(root, [])))]
        colour[root] = 1
        while path:
            if not todo[-1]:
                colour[path.pop()] = 2
                todo.pop()
                continue
            nxt = todo[-1].pop()
            state = colour.get(nxt)
            if state == 1:
                return [*path[path.index(nxt):], nxt]
            if state is None:
                colour[nxt] = 1
                path.append(nxt)
                todo.append(list(reversed(graph.get(nxt, []))))
    return None
