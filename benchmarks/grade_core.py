"""Grade every submission with stratkit's bare core: figure 3's comparison, and its stand-in for
``stratkit grade`` on a checkout where that command does not exist.

``python grade_core.py COURSE ASSIGNMENT`` loads the assignment's keys once (from the hidden test
cells of ``solutions/<assignment>/<assignment>.ipynb``), then for every
``submitted/<student>/<assignment>/`` folder finds each exercise's answer
(``stratkit.answers.finding.find_answer``: the store file and the notebooks) and scores it
(``stratkit.scoring.marking.points_earned``), exactly what each test cell's ``stratkit.grade`` does in
nbgrader's kernel. It prints one line: submissions graded, and the total of their scores.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from stratkit.answers.record import is_empty
from stratkit.answers.finding import find_answer
from stratkit.content.keyblob import decode_key
from stratkit.scoring.marking import points_earned

GRADE_CALL = re.compile(r'stratkit\.grade\("([^"]+)", points=([0-9.]+), key="([^"]+)"\)')


def keys(course: Path, assignment: str) -> list[tuple[str, float, object]]:
    notebook = json.loads((course / "solutions" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    found = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for match in GRADE_CALL.finditer(source):
            found.append((match.group(1), float(match.group(2)), decode_key(match.group(3))))
    return found


def main(course: Path, assignment: str) -> None:
    exercises = keys(course, assignment)
    graded, total = 0, 0.0
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        for exercise_id, points, exercise in exercises:
            record = find_answer(exercise_id, folder).record
            if record is not None and not is_empty(record.get("value")) and record.get("kind") == exercise.kind:
                total += points_earned(exercise, record["value"], points)
        graded += 1
    print(f"{graded} {total:.6f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
