"""The course glossary (``course/glossary.yaml``) and the exercise prompts that link into it.

A prompt links a term as ``[pipeline](glossary:pipeline)``. A link into a notebook
(``../../course/07-glossary.ipynb#Pipeline``) breaks as soon as a problem set is released, because a
student's exchange folder holds the problem set and nothing else. So the glossary is data: ``stratkit
build`` writes the glossary notebook from it and copies the definitions of the linked terms into each
public exercise (its ``terms``); a lesson's practice exercise, read straight from ``course/items/``,
gets them from the glossary beside it when it is shown (:func:`attach_terms`).

File format (one mapping)::

    schema_version: 1
    title: Glossary
    intro: Markdown shown above the terms
    groups:
      - title: Measurement
        terms:
          - anchor: pipeline              # what links name: glossary:pipeline
            term: Pipeline                # the heading, and the text students see
            source: [Lacy, general]       # whose meaning: Caporale, Lacy and/or general usage
            definition: What the word means (copied into exercises that link it).
            note: What the articles do with it (optional; glossary notebook only).
    sources: Markdown shown below the terms (credits)
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.content.loading import Problem, parse_yaml_with_lines, read_text
from stratkit.content.model import Term

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from stratkit.content.model import AnyExercise

GLOSSARY_FILE = "glossary.yaml"
SOURCES = ("Caporale", "Lacy", "general")
#: ``[shown text](glossary:anchor)``; the anchor is checked separately, so a bad one is reported, not skipped.
LINK = re.compile(r"\[([^\]\n]+)\]\(glossary:([^)\s]*)\)")
ANCHOR = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Entry:
    term: Term
    note: str = ""


@dataclass(frozen=True)
class Group:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Glossary:
    path: Path
    title: str
    intro: str
    groups: tuple[Group, ...]
    sources: str = ""

    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for g in self.groups for e in g.entries)

    def term(self, anchor: str) -> Term | None:
        return next((e.term for e in self.entries() if e.term.anchor == anchor), None)

    def anchors(self) -> set[str]:
        return {e.term.anchor for e in self.entries()}


class GlossaryError(ValueError):
    """The glossary file has problems; ``str()`` lists them one per line as ``file:line: what, fix``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --------------------------------------------------------------------------- links


def linked_anchors(text: str) -> list[str]:
    """The glossary anchors a piece of Markdown links to, first link first, each once."""
    seen: list[str] = []
    for _shown, anchor in LINK.findall(text):
        if anchor not in seen:
            seen.append(anchor)
    return seen


def exercise_links(exercise: AnyExercise) -> list[str]:
    """Anchors linked from anything a student reads in the exercise: title, prompt, categories, entries."""
    texts = [exercise.title, exercise.prompt, *(e.text for e in exercise.entries())]
    texts += [c.label for c in getattr(exercise, "categories", ())]
    return linked_anchors("\n".join(texts))


def link_problems(text: str, path: str, known: Iterable[str] | None, *, looked_for: str = "") -> list[Problem]:
    """One problem per link whose anchor is not in ``known``, at the line of the raw file it is on.

    ``known`` is None when there is nothing to check against (no glossary found, no ``terms``): then every
    link is a problem, since a student would meet a term with no definition.
    """
    names = set(known) if known is not None else None
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for shown, anchor in LINK.findall(line):
            if names is None:
                problems.append(Problem(path, number, f"'{shown}' links to glossary:{anchor}, but there is no "
                                                      f"{looked_for or GLOSSARY_FILE} to define it: add the "
                                                      "glossary or remove the link"))
            elif anchor not in names:
                near = sorted(a for a in names if a.split("-")[0] == anchor.split("-")[0])[:3]
                hint = f" (did you mean {', '.join(near)}?)" if near else ""
                problems.append(Problem(path, number, f"'{shown}' links to glossary:{anchor}, which the glossary "
                                                      f"does not define{hint}: use an anchor from "
                                                      f"{looked_for or GLOSSARY_FILE} or add the term there"))
    if names is None or not problems:
        # a link written across two lines is not a link at all: say so rather than let it show raw
        for match in re.finditer(r"\]\(glossary:[^)]*\n", text):
            problems.append(Problem(path, text[: match.start()].count("\n") + 1,
                                    "a glossary link is broken across lines: keep [text](glossary:anchor) on one line"))
    return problems


# --------------------------------------------------------------------------- the file


def find_glossary(start: Path) -> Path | None:
    """The course glossary for a file: ``glossary.yaml`` or ``course/glossary.yaml`` in a folder above it.

    A practice item in ``course/items/`` finds ``course/glossary.yaml``; a key in
    ``solutions/<assignment>/keys/`` finds the course's from the repository root.
    """
    for folder in Path(start).resolve().parents:
        for candidate in (folder / GLOSSARY_FILE, folder / "course" / GLOSSARY_FILE):
            if candidate.is_file():
                return candidate
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _check_term(raw: Any, at: tuple[Any, ...], lines: Mapping[tuple[Any, ...], int], where: str,
                seen: dict[str, int]) -> tuple[Entry | None, list[Problem]]:
    line = lines.get(at, 1)
    if not isinstance(raw, dict):
        return None, [Problem(where, line, "each term should be a mapping with anchor, term, source and definition")]
    problems = []
    unknown = sorted(set(raw) - {"anchor", "term", "source", "definition", "note"})
    if unknown:
        problems.append(Problem(where, line, f"unknown field '{unknown[0]}' in a term: use anchor, term, source, "
                                             "definition and note"))
    anchor = raw.get("anchor")
    if not isinstance(anchor, str) or not ANCHOR.match(anchor):
        problems.append(Problem(where, lines.get((*at, "anchor"), line), f"anchor {anchor!r} is not valid: use "
                                                                          "lower-case letters, digits and dashes"))
    elif anchor in seen:
        problems.append(Problem(where, lines.get((*at, "anchor"), line),
                                f"anchor '{anchor}' is used twice (first on line {seen[anchor]}): give each term "
                                "its own anchor"))
    else:
        seen[anchor] = lines.get((*at, "anchor"), line)
    for field in ("term", "definition"):
        if _text(raw.get(field)) is None:
            problems.append(Problem(where, lines.get((*at, field), line), f"term {anchor!r} has no {field}: add it"))
    source = raw.get("source")
    source_list = [source] if isinstance(source, str) else source
    if not isinstance(source_list, list) or not source_list or not all(s in SOURCES for s in source_list):
        problems.append(Problem(where, lines.get((*at, "source"), line),
                                f"term {anchor!r}: source must name whose meaning it is, one or more of "
                                f"{', '.join(SOURCES)}"))
    if "note" in raw and _text(raw["note"]) is None:
        problems.append(Problem(where, lines.get((*at, "note"), line), f"term {anchor!r} has an empty note: "
                                                                        "write it or remove it"))
    if problems:
        return None, problems
    term = Term(str(anchor), str(raw["term"]).strip(), str(raw["definition"]).strip(),
                tuple(str(s) for s in source_list or ()))
    return Entry(term, (_text(raw.get("note")) or "")), []


def check_glossary(path: Path) -> tuple[Glossary | None, list[Problem]]:
    """Every problem in a glossary file, and the glossary when there are none."""
    where = str(path)
    text, problems = read_text(path)
    if text is None:
        return None, problems
    data, lines, problems = parse_yaml_with_lines(text, where)
    if data is None or problems:
        return None, problems or [Problem(where, 1, "the glossary is empty: write schema_version, title and groups")]
    if not isinstance(data, dict):
        return None, [Problem(where, 1, "the glossary should be a mapping with schema_version, title, intro, "
                                        "groups and sources")]
    if data.get("schema_version") != 1:
        problems.append(Problem(where, lines.get(("schema_version",), 1), "set schema_version: 1"))
    for field in ("title", "intro"):
        if _text(data.get(field)) is None:
            problems.append(Problem(where, lines.get((field,), 1), f"the glossary has no {field}: add it"))
    groups_raw = data.get("groups")
    if not isinstance(groups_raw, list) or not groups_raw:
        return None, [*problems, Problem(where, lines.get(("groups",), 1), "groups should be a list of "
                                                                           "{title, terms}: add at least one")]
    seen: dict[str, int] = {}
    groups = []
    for g, group in enumerate(groups_raw):
        if not isinstance(group, dict) or _text(group.get("title")) is None or not isinstance(group.get("terms"), list):
            problems.append(Problem(where, lines.get(("groups", g), 1), "each group needs a title and a list of terms"))
            continue
        entries = []
        for t, raw in enumerate(group["terms"]):
            entry, found = _check_term(raw, ("groups", g, "terms", t), lines, where, seen)
            problems += found
            if entry is not None:
                entries.append(entry)
        groups.append(Group(str(group["title"]).strip(), tuple(entries)))
    if problems:
        return None, problems
    return Glossary(path, str(data["title"]).strip(), str(data["intro"]).strip(), tuple(groups),
                    _text(data.get("sources")) or ""), []


def load_glossary(path: str | Path) -> Glossary:
    """Load and check a glossary file; :class:`GlossaryError` lists every problem."""
    glossary, problems = check_glossary(Path(path))
    if glossary is None:
        raise GlossaryError(problems)
    return glossary


# --------------------------------------------------------------------------- exercises


def with_terms(exercise: AnyExercise, glossary: Glossary) -> AnyExercise:
    """The exercise carrying the definitions of the terms it links to, in the order it first links them.

    Anchors the glossary does not define are left out; :func:`link_problems` reports them.
    """
    terms = tuple(t for t in (glossary.term(a) for a in exercise_links(exercise)) if t is not None)
    return dataclasses.replace(exercise, terms=terms)


def attach_terms(exercise: AnyExercise, exercise_path: Path) -> AnyExercise:
    """For a practice exercise read straight from its file: the linked terms from the nearest glossary.

    Unchanged when the exercise already carries terms (a released copy), links nothing, or no readable
    glossary is near: showing an exercise must never fail because of its glossary.
    """
    if exercise.terms or not exercise_links(exercise):
        return exercise
    found = find_glossary(exercise_path)
    if found is None:
        return exercise
    glossary, _problems = check_glossary(found)
    return exercise if glossary is None else with_terms(exercise, glossary)
