"""The command blocks of docs/deployment.md, as the hub tests run them.

A fenced block's info string names what it is: ```` ```bash hub:root/env ```` (run as root),
```` ```bash hub:instructor/release ```` (typed into the instructor's JupyterLab terminal),
```` ```bash hub:settings ```` (the names the other blocks use), ```` ```ini hub:not-run ```` (shown,
never run: a systemd unit, a docker build). Markdown renders the first word as the language and
ignores the rest, so the reader sees ordinary code blocks.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..conftest import REPO

DOC = REPO / "docs" / "deployment.md"
FENCE = re.compile(r"^( *)```(\w*)([^\n]*)\n(.*?)^\1```[ \t]*$", re.MULTILINE | re.DOTALL)
ASSIGNMENT = re.compile(r"^([A-Z_][A-Z0-9_]*)=(.*)$")


@dataclass(frozen=True)
class Block:
    language: str
    label: str  # "settings", "root/env", "instructor/release", "not-run", or "" when unlabelled
    text: str
    line: int  # where the block starts in the doc, for messages

    @property
    def role(self) -> str:
        return self.label.split("/", 1)[0] if "/" in self.label else self.label

    @property
    def name(self) -> str:
        return self.label.split("/", 1)[1] if "/" in self.label else self.label


def blocks(doc: Path = DOC) -> list[Block]:
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        indent, language, info, body = match.groups()
        label = next((word[len("hub:"):] for word in info.split() if word.startswith("hub:")), "")
        body = "\n".join(line[len(indent):] if line.startswith(indent) else line for line in body.splitlines())
        found.append(Block(language, label, body, text.count("\n", 0, match.start()) + 1))
    return found


def labelled(label: str, doc: Path = DOC) -> Block:
    matches = [b for b in blocks(doc) if b.label == label]
    assert len(matches) == 1, f"docs/deployment.md must have exactly one block labelled hub:{label}, has {len(matches)}"
    return matches[0]


def settings_names(doc: Path = DOC) -> list[str]:
    """The names the settings block defines, in order."""
    names = []
    for line in labelled("settings", doc).text.splitlines():
        match = ASSIGNMENT.match(line.strip())
        if match:
            names.append(match.group(1))
    return names


def settings_script(values: dict[str, str], doc: Path = DOC) -> str:
    """The settings block with the test's values in place of the doc's: same names, no others."""
    names = settings_names(doc)
    assert set(names) == set(values), f"the doc's settings are {names}; the test sets {sorted(values)}"
    return "".join(f"{name}={shlex.quote(values[name])}\n" for name in names)


def with_values(block: Block, values: dict[str, str]) -> str:
    """The block's text with ``NAME=...`` lines for the names in ``values`` set to the test's values.

    Used for the one placeholder an instructor block carries (``COURSE_REPO=...``); each name given
    must be assigned in the block, so a renamed placeholder fails here rather than cloning nothing.
    """
    lines, seen = [], set()
    for line in block.text.splitlines():
        match = ASSIGNMENT.match(line)
        if match and match.group(1) in values:
            seen.add(match.group(1))
            lines.append(f"{match.group(1)}={shlex.quote(values[match.group(1)])}")
        else:
            lines.append(line)
    missing = set(values) - seen
    assert not missing, f"hub:{block.label} (docs/deployment.md line {block.line}) no longer sets {sorted(missing)}"
    return "\n".join(lines) + "\n"
