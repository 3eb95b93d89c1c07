"""What the autograde kernel imports: ``import stratkit`` and an exercise's cells load no heavy library.

A test, not a timing (the timings are in ``benchmarks/``): nbgrader starts a fresh kernel for every
submission, so anything ``import stratkit``, ``stratkit.show`` or ``stratkit.grade`` pulls in is
paid once per student. A fresh process stands in for that kernel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from stratkit.answers.record import make_record
from stratkit.content.keyblob import encode_key
from stratkit.content.loading import load_exercise
from stratkit.answers.store import AnswerStore

from tests.conftest import REPO

HEAVY = ("pandas", "matplotlib", "nbgrader", "ipywidgets", "anywidget", "jsonschema", "yaml")
SORT_ANSWER = {"s1": "roadmap", "s2": "strategy", "s3": "gtm-plan"}

PROBE = """
import json, sys
import stratkit
after_import = sorted(sys.modules)
stratkit.show("ps1-sort")
stratkit.download_button("ps1-planning-documents")
after_show = sorted(sys.modules)
score = stratkit.grade("ps1-sort", points=4, key=sys.argv[1])
print(json.dumps({"after_import": after_import, "after_show": after_show, "after_grade": sorted(sys.modules),
                  "score": score}))
"""


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def test_autograde_cells_load_no_heavy_library(tmp_path: Path):
    AnswerStore(tmp_path).save(make_record("ps1-sort", "sort", SORT_ANSWER, 1))
    key = encode_key(load_exercise(REPO / "solutions" / "ps1-planning-documents" / "keys" / "ps1-sort.yaml"))
    env = dict(os.environ, NBGRADER_EXECUTION="autograde")
    process = subprocess.run([sys.executable, "-c", PROBE, key], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""  # nbgrader scores a cell with any stderr output as 0
    lines = process.stdout.strip().splitlines()
    assert any(line.startswith("Your answer, saved") for line in lines), process.stdout  # the grade line says it
    result = json.loads(lines[-1])
    assert 0 < result["score"] < 4  # graded for real: 2 of 8 statements right
    for stage in ("after_import", "after_show", "after_grade"):
        assert _heavy(result[stage]) == [], f"{stage}: {_heavy(result[stage])}"
