"""The copy of each answer that travels inside the notebook file itself.

Why: an instructor may receive only the ``.ipynb`` (an LMS upload fed to ``nbgrader zip_collect``).
The widget's front end writes each saved record into notebook metadata (``metadata.stratkit.answers``)
and saves the notebook. As a fallback for notebook apps where that front end cannot reach the
notebook, the kernel also keeps an invisible display output holding the record under its own
mimetype (it goes stale after a page reload in JupyterLab, which is why the metadata copy exists;
the newest record wins). nbgrader clears outputs before grading, so stratkit's ``CollectAnswers``
preprocessor copies records from outputs into metadata first, where the grading kernel finds them.
This module reads both places; it never imports Jupyter.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stratkit.answers.record import AnswerRecord, is_record

if TYPE_CHECKING:
    from pathlib import Path

MIME = "application/vnd.stratkit.answer+json"
METADATA_KEY = "stratkit"
#: The kernel a released notebook names; nbgrader's autograde starts the kernel a notebook names, so a
#: notebook saved elsewhere (JupyterLite writes "python", "Python (Pyodide)") is handed in with this one.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def bundle(record: AnswerRecord, summary: str | None = None) -> dict[str, Any]:
    """A display mimebundle holding the record. Without ``summary`` it has no text/plain part, so
    JupyterLab and Notebook 7 (which have no renderer for ``MIME``) show nothing for it."""
    data: dict[str, Any] = {MIME: dict(record)}
    if summary is not None:
        data["text/plain"] = summary
    return data


def records_in_outputs(notebook: Mapping[str, Any]) -> Iterator[AnswerRecord]:
    """Records found in saved cell outputs (before nbgrader clears them)."""
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, Mapping) else None
        for output in outputs if isinstance(outputs, list) else ():
            data = output.get("data") if isinstance(output, Mapping) else None
            if isinstance(data, Mapping) and is_record(data.get(MIME)):
                yield data[MIME]


def records_in_metadata(notebook: Mapping[str, Any]) -> Iterator[AnswerRecord]:
    """Records copied into ``metadata.stratkit.answers`` by the CollectAnswers preprocessor."""
    metadata = notebook.get("metadata") if isinstance(notebook, Mapping) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    answers = ours.get("answers") if isinstance(ours, Mapping) else None
    for exercise_id, record in answers.items() if isinstance(answers, Mapping) else ():
        if is_record(record, exercise_id):
            yield record


def damaged_records(notebook: Mapping[str, Any]) -> int:
    """How many answer copies in the notebook (outputs or metadata) are not well-formed records."""
    count = 0
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, Mapping) else None
        for output in outputs if isinstance(outputs, list) else ():
            data = output.get("data") if isinstance(output, Mapping) else None
            # null: the placeholder a widget shows before its first answer, not damage
            if isinstance(data, Mapping) and data.get(MIME) is not None and not is_record(data[MIME]):
                count += 1
    metadata = notebook.get("metadata") if isinstance(notebook, Mapping) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    if isinstance(ours, Mapping) and "answers" in ours:
        answers = ours["answers"]
        if not isinstance(answers, Mapping):
            count += 1
        else:
            count += sum(1 for k, r in answers.items() if not is_record(r, k))
    return count


def records_in_notebook(notebook: Mapping[str, Any]) -> list[AnswerRecord]:
    return [*records_in_metadata(notebook), *records_in_outputs(notebook)]


#: Far above a real notebook of this course (a few hundred kilobytes); reading more would stall grading.
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024


def read_notebook(path: Path) -> dict[str, Any] | None:
    """The notebook's JSON, or None when it cannot be read (a broken file must not stop grading)."""
    return read_notebook_checked(path)[0]


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_notebook(raw: bytes) -> tuple[str, str | None]:
    """A notebook file's text, and what had to be undone to read it (``None``: plain UTF-8).

    Notebooks re-saved by other tools may start with a byte-order mark (UTF-8, or UTF-16/32 from a
    Windows editor's "Unicode"). JSON allows neither, and nbformat (so nbgrader) rejects them; the
    text inside is the same notebook. Line endings and indentation need nothing: JSON ignores them.
    Raises ``UnicodeDecodeError`` for text that is not Unicode at all.
    """
    for bom, encoding in _BOMS:  # UTF-32 LE starts like UTF-16 LE: test the longer marks first
        if raw.startswith(bom):
            name = {"utf-8-sig": "a UTF-8 byte-order mark", "utf-16": "UTF-16 text",
                    "utf-32": "UTF-32 text"}[encoding]
            return raw.decode(encoding), name
    return raw.decode("utf-8"), None


def read_notebook_checked(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The notebook's JSON, or None and one sentence saying what is wrong and what to do."""
    advice = "its answers were not used (the answer file and other notebooks still count): open it in " \
             "JupyterLab to check it, or ask your instructor"
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            return None, f"{path.name} is {size} bytes, too big to be read for answers; {advice}"
        text, _ = decode_notebook(path.read_bytes())
        data = json.loads(text)
    except OSError as exc:
        return None, f"{path.name} cannot be read ({exc.strerror}); {advice}"
    except UnicodeDecodeError:
        return None, f"{path.name} is not UTF-8 text; {advice}"
    except (ValueError, RecursionError):  # JSONDecodeError, a number too long, nesting too deep
        return None, f"{path.name} is damaged (not valid notebook JSON); {advice}"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, f"{path.name} is not a notebook; {advice}"
    return data, None


def wrong_assignment(path: Path, notebook: Mapping[str, Any], folder_name: str) -> str | None:
    """A sentence when an assignment's own notebook (named like its folder) holds another assignment."""
    assignment = notebook_assignment(notebook)
    if assignment is None or path.stem != folder_name or assignment == folder_name:
        return None
    return (f"{path.name} holds assignment '{assignment}', not '{folder_name}': put the notebook of "
            f"'{folder_name}' here (and '{assignment}' in its own folder)")


def notebook_assignment(notebook: Mapping[str, Any]) -> str | None:
    """The assignment a notebook was built for (``metadata.stratkit.assignment``), if it says."""
    metadata = notebook.get("metadata")
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    assignment = ours.get("assignment") if isinstance(ours, Mapping) else None
    return assignment if type(assignment) is str else None
