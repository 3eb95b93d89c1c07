"""Shared helpers for the course-content tests: where things are and how to read them.

Uses only the standard library, PyYAML and nbformat, so the content checks run without stratkit.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
ITEMS = COURSE / "items"
CLAIMS_CSV = COURSE / "claims.csv"
GRADED_CLAIMS_CSV = COURSE.parent / "solutions" / "claims-graded.csv"
LEVELS_CSV = COURSE / "item-levels.csv"
GLOSSARY = COURSE / "07-glossary.ipynb"
GLOSSARY_YAML = COURSE / "glossary.yaml"  # the single source: 07-glossary.ipynb is written from it
SOLUTIONS = ROOT / "solutions"
# ps1 is the lead's problem set; it counts as graded content wherever it exists
GRADED_GLOB = "ps[0-9]*-*/keys/*.yaml"
ENTRY_FIELD = {"sort": "items", "order": "steps", "pick": "options"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SHOW_RE = re.compile(r'import stratkit\nstratkit\.show\("([a-z0-9-]+)"\)')  # a lesson's exercise cell, whole


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def practice_files() -> list[Path]:
    return sorted(ITEMS.glob("*.yaml"))


def graded_files() -> list[Path]:
    """Every graded key file, the lead's ps1 included."""
    return sorted(SOLUTIONS.glob(GRADED_GLOB))


# The course author's graded sets; ps1 belongs to the lead and is checked by the lead's own tests.
COURSE_ASSIGNMENTS = ("ps2-sorting", "ps3-sequencing", "ps4-metrics", "ps5-case-study")


def course_graded_files() -> list[Path]:
    return [p for p in graded_files() if p.parts[-3] in COURSE_ASSIGNMENTS]


def entries(exercise: dict) -> list[dict]:
    return exercise.get(ENTRY_FIELD[exercise["kind"]]) or []


def all_exercises() -> dict[Path, dict]:
    """Practice files and every graded key, ps1 included: the files this course's claims cover."""
    return {path: load_yaml(path) for path in practice_files() + graded_files()}


def glossary_terms() -> dict[str, dict]:
    """anchor -> term entry of course/glossary.yaml."""
    data = load_yaml(GLOSSARY_YAML)
    return {t["anchor"]: t for group in data["groups"] for t in group["terms"]}


def lessons() -> list[Path]:
    """The numbered lesson notebooks; the glossary (07-glossary.ipynb) is reference, not a lesson."""
    return sorted(p for p in COURSE.glob("[0-9][0-9]-*.ipynb") if p != GLOSSARY)


def course_notebooks() -> list[Path]:
    """Every notebook a student reads in course/: the lessons and the glossary."""
    return lessons() + [GLOSSARY]


def assignment_manifests() -> dict[str, dict]:
    return {p.parent.name: load_yaml(p) for p in sorted(SOLUTIONS.glob("*/assignment.yaml"))}


def read_notebook(path: Path):
    return nbformat.read(str(path), as_version=4)


def jupyterlab_anchor(heading: str) -> str:
    """The id JupyterLab gives a rendered Markdown heading: its text with spaces turned into dashes."""
    return heading.strip().replace(" ", "-")


def slug(heading: str) -> str:
    """A Markdown heading as an anchor: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^a-z0-9 -]", "", heading.strip().lower())
    return re.sub(r" +", "-", text).strip("-")


def h2_anchors(notebook) -> set[str]:
    anchors = set()
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                anchors.add(slug(line[3:]))
    return anchors


def read_claims() -> list[dict[str, str]]:
    """course/claims.csv with each claim's graded items added from solutions/claims-graded.csv (kept
    beside the keys: which graded line tests which claim gives the answer away)."""
    with CLAIMS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with GRADED_CLAIMS_CSV.open(encoding="utf-8", newline="") as fh:
        graded = {row["claim_id"]: row["item_ids"] for row in csv.DictReader(fh)}
    assert set(graded) <= {row["claim_id"] for row in rows}, "claims-graded.csv names a claim claims.csv lacks"
    for row in rows:
        row["item_ids"] = " ".join(filter(None, [row["item_ids"], graded.get(row["claim_id"], "")]))
    return rows
