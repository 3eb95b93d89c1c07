"""What to reteach first: the class's most common mistakes, in sentences, grouped by lesson section.

A *mistake* is one wrong choice many students made: a statement filed under the wrong category,
a step put before one it depends on, a wrong option ticked or a right one missed. Its weight is
the share of the students who answered that exercise. Each mistake points at the claims its entry
tests (``claims:`` in the key YAML) and so at the lesson sections that teach them
(``course/claims.csv``). Sections are ranked by their most common mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.instructor.reports.confusion import NOT_SORTED, order_violations, pick_options, sort_choices

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from stratkit.instructor.reports.lessons import Claim, Section

MIN_SHARE = 0.2  # a mistake made by fewer than one student in five is not a class-wide problem
MAX_SECTIONS = 5
MAX_PER_SECTION = 3


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def _pct(share: float) -> str:
    return f"{share:.0%}"


@dataclass(frozen=True)
class Mistake:
    exercise: str
    entry: str
    share: float
    students: int
    sentence: str
    claims: tuple[str, ...]


@dataclass
class ReteachTopic:
    section: Section | None
    claims: list[Claim] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return max((m.share for m in self.mistakes), default=0.0)

    @property
    def headline(self) -> str:
        return self.section.label if self.section else "Not linked to a lesson section"


def mistakes(exercise: AnyExercise, answers: Mapping[str, Any], *, min_share: float = MIN_SHARE) -> list[Mistake]:
    """The common mistakes in one exercise, most common first, each as a plain sentence."""
    found: list[Mistake] = []
    title = exercise.title
    if isinstance(exercise, SortExercise):
        table = sort_choices(exercise, answers)
        for row in table.itertuples():
            if row.right or row.choice_id == NOT_SORTED or row.share < min_share:
                continue
            item = exercise.entry(row.entry)
            found.append(Mistake(exercise.id, row.entry, row.share, row.students,
                                 f"{_pct(row.share)} filed {_quote(row.text)} under {row.choice}; "
                                 f"it belongs under {row.expected}. ({title})",
                                 item.claims if item else ()))
    elif isinstance(exercise, OrderExercise):
        for row in order_violations(exercise, answers).itertuples():
            if row.share < min_share:
                continue
            later, earlier = exercise.entry(row.entry), exercise.entry(row.must_follow)
            claims = tuple(dict.fromkeys([*(later.claims if later else ()), *(earlier.claims if earlier else ())]))
            found.append(Mistake(exercise.id, row.entry, row.share, row.students,
                                 f"{_pct(row.share)} put {_quote(row.text)} before {_quote(row.must_follow_text)}, "
                                 f"which must come first. ({title})", claims))
    elif isinstance(exercise, PickExercise):
        for row in pick_options(exercise, answers).itertuples():
            if row.mistake_share < min_share:
                continue
            option = exercise.entry(row.entry)
            if row.correct:
                sentence = f"{_pct(row.mistake_share)} left {_quote(row.text)} unticked, but it is right. ({title})"
            else:
                sentence = f"{_pct(row.mistake_share)} ticked {_quote(row.text)}, which is wrong. ({title})"
            found.append(Mistake(exercise.id, row.entry, row.mistake_share, row.mistakes, sentence,
                                 option.claims if option else ()))
    return sorted(found, key=lambda m: -m.share)


def reteach_topics(exercises: Sequence[AnyExercise], answers: Mapping[str, Mapping[str, Any]],
                   claims: Mapping[str, Claim], *, min_share: float = MIN_SHARE,
                   max_sections: int = MAX_SECTIONS, max_per_section: int = MAX_PER_SECTION) -> list[ReteachTopic]:
    """Lesson sections to reteach, most urgent first, each with its mistakes and the claims behind them.

    ``answers`` is ``{exercise id: {student: value}}``. A mistake is listed once, under the section
    of its first claim that ``claims.csv`` places in a lesson; mistakes with no such claim are
    gathered in a last topic without a section.
    """
    topics: dict[str | None, ReteachTopic] = {}
    for exercise in exercises:
        for mistake in mistakes(exercise, answers.get(exercise.id, {}), min_share=min_share):
            linked = [claims[c] for c in mistake.claims if c in claims and claims[c].section is not None]
            key = linked[0].section.ref if linked else None  # type: ignore[union-attr]
            topic = topics.setdefault(key, ReteachTopic(linked[0].section if linked else None))
            topic.mistakes.append(mistake)
            for claim in linked:
                if claim.section is not None and claim.section.ref == key and claim not in topic.claims:
                    topic.claims.append(claim)
    ranked = sorted((t for k, t in topics.items() if k is not None), key=lambda t: -t.weight)[:max_sections]
    if None in topics:
        ranked.append(topics[None])
    for topic in ranked:
        topic.mistakes.sort(key=lambda m: -m.share)
        del topic.mistakes[max_per_section:]
    return ranked
