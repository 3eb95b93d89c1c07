"""docs/deployment.md's command blocks are what the hub tests run: each is labelled, well-formed,
and names only files that exist. (Quick: no root, no hub. The blocks themselves run in
test_hub_class.py and test_z2jh_image.py.)
"""

from __future__ import annotations

import json
import re
import subprocess

from ..conftest import REPO
from . import docblocks

ROLES = {"settings", "root", "instructor", "not-run"}


def test_every_block_is_labelled_with_a_known_role() -> None:
    found = docblocks.blocks()
    assert found, "no fenced blocks found in docs/deployment.md"
    for block in found:
        assert block.role in ROLES, f"docs/deployment.md line {block.line}: label a block hub:ROLE/NAME or hub:not-run"
    labels = [b.label for b in found if b.role in ("root", "instructor")]
    assert len(labels) == len(set(labels)), labels
    for needed in ("root/env", "root/proxy", "root/exchange", "root/nbgrader-config", "root/student-tools",
                   "root/instructor-tools", "root/accounts", "root/hub-config", "root/start",
                   "instructor/release", "instructor/grade", "instructor/crosscheck", "instructor/feedback"):
        assert needed in labels, f"docs/deployment.md has no hub:{needed} block"


def test_shell_blocks_parse_and_use_only_the_settings() -> None:
    settings = set(docblocks.settings_names())
    for block in docblocks.blocks():
        if block.language != "bash" or block.role == "not-run":
            continue
        checked = subprocess.run(["bash", "-n"], input=block.text, text=True, capture_output=True)
        assert checked.returncode == 0, f"docs/deployment.md line {block.line}: {checked.stderr}"
        if block.role == "root":
            assigned = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", block.text, re.MULTILINE))
            for name in re.findall(r"\$\{?([A-Z_][A-Z0-9_]*)", block.text):
                assert name in settings | assigned | {"HOME"}, f"hub:{block.label} uses ${name}, not in the settings"


def test_the_pins_and_files_the_doc_names_exist() -> None:
    doc = docblocks.DOC.read_text()
    for path in re.findall(r"\$STRATKIT_SRC/([\w./-]+)", doc) + re.findall(r"\]\(\.\./([\w./-]+)\)", doc):
        assert (REPO / path).exists(), f"docs/deployment.md names {path}, which does not exist"
    assert "jupyterhub==6.1.1" in (REPO / "deploy" / "requirements.txt").read_text()
    lock = json.loads((REPO / "deploy" / "hub" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == "5.3.0"
    assert json.loads((REPO / "deploy" / "hub" / "package.json").read_text())["dependencies"] == {
        "configurable-http-proxy": "5.3.0"}


def test_the_own_config_block_sets_everything_the_course_config_sets() -> None:
    """A course with its own nbgrader_config.py copies the doc's block: a setting missing there (say
    CourseDirectory.ignore, which keeps keys/ out of releases) would leak keys or open the grading kernel."""
    block = next(b for b in docblocks.blocks() if b.language == "python" and "CourseDirectory.ignore" in b.text)
    setting = re.compile(r"^(c\.\w+\.\w+) *=", re.MULTILINE)
    ours = set(setting.findall((REPO / "nbgrader_config.py").read_text()))
    course_specific = {"c.CourseDirectory.course_id", "c.CourseDirectory.source_directory",
                       "c.CourseDirectory.release_directory"}
    assert ours - course_specific <= set(setting.findall(block.text)), ours - set(setting.findall(block.text))
    assert len(ours - course_specific) >= 15
    compile(block.text, "docs/deployment.md", "exec")  # valid Python, as pasted
