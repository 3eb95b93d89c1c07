"""The course is written in its own words: no run of 8 or more words is copied from either article.

Both sides are normalised the same way: lower case, curly quotes made straight, apostrophes dropped
("don't" -> "dont"), every other non-alphanumeric character (hyphens and dashes included) turned
into a word break. Quoting does not make a copied run acceptable: the course paraphrases.

The one exception is the two article titles, which the course must print to credit its sources.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _course import COURSE, ITEMS, ROOT, SOLUTIONS, course_notebooks, load_yaml, read_notebook

SEEDS = Path("/work/shared/seeds")
ARTICLES = {
    "Caporale": "000_5e0bf8392ba852bf.txt",
    "Lacy": "003_e9b2d18c064d1198.txt",
}
TITLES = [
    "How To Differentiate Between a Product Strategy and a Go-To-Market Plan",
    "Marketing Strategy vs GTM Strategy: Two Different Jobs",
]
RUN = 8


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'", "", text)
    return re.findall(r"[a-z0-9]+", text)


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def without_titles(tokens: list[str]) -> list[list[str]]:
    """Split a token list wherever an article title occurs, dropping the title itself."""
    titles = [words(t) for t in TITLES]
    pieces, start, i = [], 0, 0
    while i < len(tokens):
        title = next((t for t in titles if tokens[i:i + len(t)] == t), None)
        if title:
            pieces.append(tokens[start:i])
            i += len(title)
            start = i
        else:
            i += 1
    pieces.append(tokens[start:])
    return pieces


def article_text(name: str) -> str:
    return (SEEDS / ARTICLES[name]).read_text(encoding="utf-8")


def strings(node):
    """Every string inside a parsed YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def course_texts() -> list[tuple[str, str]]:
    """(where, text) for every piece of student- or instructor-facing course text."""
    texts = []
    for path in course_notebooks():
        for number, cell in enumerate(read_notebook(path).cells):
            if cell.cell_type == "markdown":
                texts.append((f"{path.name} cell {number}", cell.source))
    texts.append(("course/README.md", (COURSE / "README.md").read_text(encoding="utf-8")))
    texts.append(("course/claims.csv", (COURSE / "claims.csv").read_text(encoding="utf-8")))
    texts.append(("course/item-levels.csv", (COURSE / "item-levels.csv").read_text(encoding="utf-8")))
    yaml_files = sorted(ITEMS.glob("*.yaml")) + sorted(SOLUTIONS.glob("*/keys/*.yaml")) \
        + sorted(SOLUTIONS.glob("*/assignment.yaml"))
    for path in yaml_files:
        for text in strings(load_yaml(path)):
            texts.append((str(path.relative_to(ROOT)), text))
    return texts


@pytest.fixture(scope="module")
def article_runs() -> dict[str, set[tuple[str, ...]]]:
    return {name: runs(words(article_text(name))) for name in ARTICLES}


def test_the_articles_are_there(article_runs):
    for name, found in article_runs.items():
        assert len(found) > 500, f"{name}'s article looks empty or missing"


def test_the_check_catches_a_copied_sentence(article_runs):
    copied = "As he puts it: " + "a roadmap tells people what actions you intend to take, but it does not"
    assert any(runs(piece) & article_runs["Caporale"] for piece in without_titles(words(copied)))
    credit = 'Keith Lacy, "Marketing Strategy vs GTM Strategy: Two Different Jobs", The Marketing Juice.'
    assert not any(runs(piece) & article_runs["Lacy"] for piece in without_titles(words(credit)))


def test_no_course_text_copies_eight_words_from_an_article(article_runs):
    hits = []
    for where, text in course_texts():
        for piece in without_titles(words(text)):
            for name, found in article_runs.items():
                for run in sorted(runs(piece) & found):
                    hits.append(f"{where}: copies {name}: \"{' '.join(run)}\"")
    assert not hits, f"{len(hits)} copied runs of {RUN}+ words; paraphrase them:\n" + "\n".join(hits)
