"""``stratkit report``: write an assignment's item analysis as CSV files, PNG pictures and one HTML file."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stratkit.content.model import OrderExercise
from stratkit.instructor.reports import plots
from stratkit.instructor.reports.analysis import Analysis, analyse
from stratkit.instructor.reports.html import render
from stratkit.instructor.reports.lessons import load_claims
from stratkit.instructor.reports.reteach import MIN_SHARE

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from stratkit.grading.batch import GradeResult


@dataclass
class ReportFiles:
    html: Path
    csv: list[Path] = field(default_factory=list)
    png: list[Path] = field(default_factory=list)


def write_report(result: GradeResult, out_dir: str | Path, *, claims_csv: Path | None = None,
                 min_share: float = MIN_SHARE, show_progress: bool | None = None,
                 finals: Mapping[str, float] | None = None) -> tuple[Analysis, ReportFiles]:
    """Analyse ``result`` and write ``report.html`` plus its CSV tables and PNG pictures into ``out_dir``.

    ``finals``: each student's final score from the gradebook (manual grades, extra credit and late
    penalties included). Given, the scores the report shows as grades (the distribution, mean and
    median, ``final_score`` in grades.csv) are those; the item analysis always reads the saved answers.
    """
    from dataclasses import replace

    import pandas as pd
    from tqdm import tqdm

    from stratkit.instructor.spreadsheet import write_frame

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    claims = load_claims(claims_csv) if claims_csv else {}
    analysis = analyse(result, claims, min_share=min_share)
    if finals is not None:
        totals = pd.Series({s: float(finals[s]) for s in analysis.totals.index}, dtype=float)
        analysis = replace(analysis, totals=totals)
    key = analysis.key
    files = ReportFiles(out / "report.html")
    images: dict[str, Path] = {}

    def csv(frame: pd.DataFrame, name: str, index: bool = False) -> None:
        path = out / name
        write_frame(frame, path, index=index)
        files.csv.append(path)

    steps = 3 + len(analysis.exercises)
    with tqdm(total=steps, desc=f"Report {key.id}", leave=False,
              disable=None if show_progress is None else not show_progress) as bar:
        wide = result.wide().rename(columns={"total": "answers_total"})
        if finals is not None:
            wide.insert(wide.columns.get_loc("answers_total") + 1, "final_score",
                        [finals[s] for s in wide["student"]])
        csv(wide, "grades.csv")
        csv(analysis.exercise_table, "exercises.csv", index=True)
        csv(analysis.entry_table, "entries.csv", index=True)
        csv(analysis.choices(), "choices.csv")
        csv(_topics_frame(analysis), "reteach.csv")
        bar.update()
        images["scores"] = plots.score_histogram(analysis.totals, key.max_points, out / "scores.png",
                                                 title=f"{key.title}: scores")
        bar.update()
        table = analysis.entry_table
        images["entries"] = plots.facility_bars(
            [f"{key.exercise_ids.index(x) + 1}. {t}" for x, t in zip(table["exercise"], table["text"], strict=False)],
            table["facility"].tolist(), table["discrimination_index"].tolist(), out / "entries.png",
            title="Share of the class right, statement by statement")
        bar.update()
        for number, ex in enumerate(analysis.exercises, 1):
            exercise = ex.exercise
            stem = f"{number}-{exercise.kind}-{exercise.id}"
            title = f"{number}. {exercise.title}"
            if exercise.kind == "sort":
                csv(ex.tables["confusion"], f"{stem}-confusion.csv", index=True)
                csv(ex.tables["choices"], f"{stem}-choices.csv")
                images[exercise.id] = plots.sort_heatmap(ex.tables["confusion"], out / f"{stem}.png", title=title)
            elif isinstance(exercise, OrderExercise):
                csv(ex.tables["positions"], f"{stem}-positions.csv", index=True)
                csv(ex.tables["misplaced"], f"{stem}-misplaced.csv")
                csv(ex.tables["violations"], f"{stem}-violations.csv")
                positions = ex.tables["positions"]
                step_text = {s.id: s.text for s in exercise.steps}
                texts = [step_text[s] for s in positions.index]
                images[exercise.id] = plots.order_heatmap(positions, texts, out / f"{stem}.png", title=title,
                                                          correct_places=_correct_places(exercise, positions))
            else:
                csv(ex.tables["options"], f"{stem}-options.csv")
                images[exercise.id] = plots.pick_bars(ex.tables["options"], out / f"{stem}.png", title=title)
            bar.update()
    files.png = list(images.values())
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    files.html.write_text(render(analysis, images, generated=f"Made {stamp} from the {result.stage} folders."),
                          encoding="utf-8")
    return analysis, files


def _correct_places(exercise: OrderExercise, positions: pd.DataFrame) -> list[list[int]]:
    """For each step (rows of ``positions``), every place it can hold in some correct order."""
    from stratkit.instructor.reports.confusion import reference_order

    if exercise.order is not None:
        return [[exercise.order.index(s) + 1] for s in positions.index]
    prereq = {k: set(v) for k, v in (exercise.prerequisites or {}).items()}
    steps = reference_order(exercise)
    # earliest place = 1 + number of steps that must come before (transitively); latest = n - number after
    before: dict[str, set[str]] = {s: set() for s in steps}
    changed = True
    for s in steps:
        before[s] = set(prereq.get(s, set()))
    while changed:
        changed = False
        for s in steps:
            grown = before[s].union(*(before[p] for p in before[s])) if before[s] else set()
            if grown != before[s]:
                before[s], changed = grown, True
    after = {s: {t for t in steps if s in before[t]} for s in steps}
    n = len(steps)
    return [list(range(len(before[s]) + 1, n - len(after[s]) + 1)) for s in positions.index]


def _topics_frame(analysis: Analysis) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for rank, topic in enumerate(analysis.topics, 1):
        for mistake in topic.mistakes:
            rows.append({"rank": rank, "lesson_section": topic.section.ref if topic.section else "",
                         "where": topic.headline, "claims": " ".join(c.id for c in topic.claims),
                         "exercise": mistake.exercise, "entry": mistake.entry, "share": round(mistake.share, 4),
                         "students": mistake.students, "sentence": mistake.sentence})
    return pd.DataFrame(rows, columns=["rank", "lesson_section", "where", "claims", "exercise", "entry", "share",
                                       "students", "sentence"])
