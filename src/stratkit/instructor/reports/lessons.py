"""Where each claim is taught: ``course/claims.csv`` (claim id -> lesson section) and the lessons' headings.

``claims.csv`` has the columns ``claim_id, claim, article, lesson_section, item_ids``; a lesson
section is ``NN-lesson.ipynb#anchor``, the anchor being a level-2 heading made into a slug. Items
carry ``claims: [...]`` in their key YAML. Reading the lesson notebooks turns a section reference
into words an instructor recognises: "Lesson 2, section 'Launch plans are marketing plans'".
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Section:
    ref: str  # "02-the-four-planning-documents.ipynb#launch-plans-are-marketing-plans"
    notebook: str
    lesson: str  # "Lesson 2: The four planning documents"
    heading: str  # "Launch plans are marketing plans"

    @property
    def label(self) -> str:
        return f"{self.lesson}, section “{self.heading}”"


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    section: Section | None


def slug(heading: str) -> str:
    """A Markdown heading as an anchor: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^a-z0-9 -]", "", heading.strip().lower())
    return re.sub(r" +", "-", text).strip("-")


def _headings(notebook: Path) -> tuple[str | None, dict[str, str]]:
    """The notebook's title (first '# ' heading) and its '## ' headings by slug."""
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    title, sections = None, {}
    for cell in data.get("cells", []) if isinstance(data, dict) else []:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        for line in ("".join(source) if isinstance(source, list) else str(source)).splitlines():
            if line.startswith("# ") and title is None:
                title = line[2:].strip()
            elif line.startswith("## "):
                sections[slug(line[3:])] = line[3:].strip()
    return title, sections


def _humanize(anchor: str) -> str:
    return anchor.replace("-", " ").capitalize()


def load_claims(claims_csv: Path) -> dict[str, Claim]:
    """Every claim by id, with its lesson section in words (headings read from the lessons beside the CSV)."""
    claims_csv = Path(claims_csv)
    if not claims_csv.is_file():
        return {}
    cache: dict[str, tuple[str | None, dict[str, str]]] = {}
    claims = {}
    with Path(claims_csv).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            claim_id = (row.get("claim_id") or "").strip()
            if not claim_id:
                continue
            ref = (row.get("lesson_section") or "").strip()
            section = None
            if ref:
                notebook, _, anchor = ref.partition("#")
                if notebook not in cache:
                    cache[notebook] = _headings(claims_csv.parent / notebook)
                title, headings = cache[notebook]
                number = re.match(r"0*(\d+)-", notebook)
                lesson = title or (f"Lesson {number.group(1)}" if number else notebook)
                section = Section(ref, notebook, lesson, headings.get(anchor) or _humanize(anchor))
            claims[claim_id] = Claim(claim_id, (row.get("claim") or "").strip(), section)
    return claims


def default_claims_csv(course: Path) -> Path:
    """``<course>/course/claims.csv`` (the repository layout), else ``<course>/claims.csv``."""
    for candidate in (Path(course) / "course" / "claims.csv", Path(course) / "claims.csv"):
        if candidate.is_file():
            return candidate
    return Path(course) / "course" / "claims.csv"
