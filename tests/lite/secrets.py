"""Scan a built site for anything of a graded exercise's key: key blobs, explanations, key fields.

The secrets are those of tests/robustness/test_key_secrecy.py (every explanation in
solutions/*/keys/*.yaml, every ``sk1:`` blob, built now and committed). The site legitimately holds
the *practice* items' keys (lessons give instant feedback), so key fields are looked for in files
describing a graded exercise (by id). Archives (wheels, zips) are opened and their members scanned.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Iterator

import yaml

from stratkit.content.loading import load_exercise
from stratkit.content.model import KEY_FIELDS

from ..robustness.test_key_secrecy import BLOBS, EXPLANATIONS, KEY_FILES, _strings

GRADED_IDS = frozenset(load_exercise(path).id for path in KEY_FILES)
BLOB = re.compile(r"sk1:[A-Za-z0-9+/=]{20,}")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _members(name: str, raw: bytes) -> Iterator[tuple[str, bytes]]:
    yield name, raw
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for member in archive.namelist():
                yield from _members(f"{name}!{member}", archive.read(member))


def _parsed(name: str, text: str) -> object:
    try:
        if name.endswith((".json", ".ipynb")):
            return json.loads(text)
        if name.endswith((".yaml", ".yml")):
            return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        return None
    return None


def _graded_with_key_fields(data: object) -> Iterator[str]:
    """Graded exercises (by id) in ``data`` that carry a key field, at any depth."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str) and data["id"] in GRADED_IDS and "kind" in data:
            entries = [e for field in ("items", "steps", "options") for e in data.get(field) or []]
            fields = (set(data) | {k for e in entries if isinstance(e, dict) for k in e}) & set(KEY_FIELDS)
            if fields:
                yield f"exercise '{data['id']}' with key fields {sorted(fields)}"
        for value in data.values():
            yield from _graded_with_key_fields(value)
    elif isinstance(data, list):
        for value in data:
            yield from _graded_with_key_fields(value)


def leaks(folder: Path) -> list[str]:
    """Every key blob, graded explanation or graded key field found in ``folder``, one line each."""
    found = []
    blob_parts = [blob[len("sk1:"):][:40] for blob in BLOBS]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for name, raw in _members(str(path.relative_to(folder)), path.read_bytes()):
            text = raw.decode("utf-8", errors="replace")
            parsed = _parsed(name, text)
            flat = _normal(text) + " " + _normal(" ".join(_strings(parsed)))  # strings as a reader sees them
            if BLOB.search(text) or any(part in text for part in blob_parts):
                found.append(f"{name}: a key blob")
            if name.endswith((".ipynb", ".yaml", ".yml", ".json")) and "BEGIN HIDDEN TESTS" in flat:
                found.append(f"{name}: a hidden test")
            found += [f"{name}: explanation {e[:50]!r}" for e in EXPLANATIONS if e in flat]
            found += [f"{name}: {what}" for what in _graded_with_key_fields(parsed)]
    return found
