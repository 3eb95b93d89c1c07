"""Pack a full exercise (with its key) into one line of text for an nbgrader hidden test cell.

Why inline: nbgrader strips hidden tests from the release and restores them only in the grading
kernel, so a key written there never reaches a student's folder, kernel or the installed package.
Compressed base64 keeps the test cell to one line and the key unreadable at a glance over a
shoulder; the readable source is the YAML in ``solutions/<assignment>/keys/``.
"""

from __future__ import annotations

import base64
import json
import zlib

from stratkit.content.model import AnyExercise, exercise_from_dict

PREFIX = "sk1:"


def encode_key(exercise: AnyExercise) -> str:
    raw = json.dumps(exercise.to_dict(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    return PREFIX + base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode_key(blob: str) -> AnyExercise:
    """The exercise packed by :func:`encode_key`; ValueError with a fix if the blob is damaged."""
    if not isinstance(blob, str) or not blob.startswith(PREFIX):
        raise ValueError("the key in this test cell is not a stratkit key: rebuild the assignment with "
                         "'stratkit build'")
    try:
        data = json.loads(zlib.decompress(base64.b64decode(blob[len(PREFIX):], validate=True)))
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"the key in this test cell is damaged ({exc}): rebuild it with 'stratkit build'") from None
    return exercise_from_dict(data)
