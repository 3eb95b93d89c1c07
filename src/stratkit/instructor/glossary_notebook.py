"""Write the course's glossary notebook (``course/07-glossary.ipynb``) from ``course/glossary.yaml``.

The YAML is the single source: exercises copy definitions from it (see
:mod:`stratkit.content.glossary`) and this module renders it for reading in JupyterLab. Each term is a
``###`` heading, so JupyterLab gives it the anchor lessons link to (``07-glossary.ipynb#Share-of-voice``:
the heading's text with spaces turned into dashes).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stratkit.content.glossary import Entry, Glossary

GLOSSARY_NOTEBOOK = "07-glossary.ipynb"
_SOURCE_WORDS = {"Caporale": "Caporale", "Lacy": "Lacy", "general": "general usage"}


def heading_anchor(heading: str) -> str:
    """The id JupyterLab gives a rendered Markdown heading: its text with spaces turned into dashes."""
    return heading.strip().replace(" ", "-")


def _entry_markdown(entry: Entry) -> str:
    term = entry.term
    whose = "; ".join(_SOURCE_WORDS[s] for s in term.source)
    text = f"### {term.term}\n\n*{whose}.* {term.definition}"
    if entry.note:
        text += f"\n\n{entry.note}"
    return text


def _cell(number: int, source: str) -> dict[str, Any]:
    lines = source.splitlines(keepends=True)
    return {"cell_type": "markdown", "id": f"glossary-{number:02d}", "metadata": {}, "source": lines}


def glossary_notebook(glossary: Glossary) -> dict[str, Any]:
    """The notebook as nbformat 4.5 JSON data: a title cell with an index, a heading cell per group and a
    cell per term (short cells keep JupyterLab's windowed rendering quick on a narrow screen), sources."""
    index = "\n\n".join(
        f"**{group.title}:** " + ", ".join(f"[{e.term.term}](#{heading_anchor(e.term.term)})" for e in group.entries)
        for group in glossary.groups)
    sources = [f"# {glossary.title}\n\n{glossary.intro}\n\n{index}"]
    for group in glossary.groups:
        sources.append(f"## {group.title}")
        sources += [_entry_markdown(e) for e in group.entries]
    if glossary.sources:
        sources.append(f"## Sources\n\n{glossary.sources}")
    cells = [_cell(number, source) for number, source in enumerate(sources)]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def glossary_notebook_text(glossary: Glossary) -> str:
    """The notebook file's text, as ``stratkit build`` writes it (a test compares the committed file)."""
    return json.dumps(glossary_notebook(glossary), indent=1, ensure_ascii=False) + "\n"
