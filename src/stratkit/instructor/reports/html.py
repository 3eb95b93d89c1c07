"""One self-contained HTML file for the instructor: pictures inlined as base64, no script, no link out.

Written for an instructor who is not a programmer: short sentences first ("what to reteach
first", each pointing at a lesson section), pictures next, numbers last, and a glossary saying
how to read them. Every piece of course text is escaped.
"""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path
from typing import TYPE_CHECKING

from stratkit.instructor.reports.confusion import NOT_SORTED

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pandas as pd

    from stratkit.instructor.reports.analysis import Analysis, ExerciseAnalysis

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1.2rem;
color:#1f2933;line-height:1.5;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2.4rem;border-bottom:2px solid #e4e7eb;
padding-bottom:.2rem}h3{font-size:1.05rem;margin:.2rem 0 .4rem}
.lead{font-size:1.08rem;color:#3e4c59}.muted{color:#616e7c;font-size:.92rem}
.cards{display:flex;gap:.7rem;flex-wrap:wrap;margin:1rem 0}.card{border:1px solid #e4e7eb;border-radius:.5rem;
padding:.5rem .8rem;flex:1 1 7rem;font-size:.9rem;color:#3e4c59}.card b{display:block;font-size:1.35rem;color:#1f2933}
ol.reteach>li{margin-bottom:1.2rem;padding:.7rem 1rem;border-left:4px solid #c62828;background:#fdf3f3;
border-radius:.3rem}
ol.reteach>li.unlinked{border-left-color:#9aa5b1;background:#f5f7fa}
.point{margin:.2rem 0 .4rem}.where{font-size:.92rem;color:#3e4c59}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem;width:100%}
th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f7fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
img{max-width:100%;height:auto;border:1px solid #f0f2f5;margin:.4rem 0}
.bad{color:#c62828;font-weight:600}.good{color:#2e7d32}.exercise{margin-top:1.8rem}
code{background:#f5f7fa;padding:0 .25rem;border-radius:.2rem}
"""

e = html.escape


def _img(path: Path | None, alt: str) -> str:
    if path is None or not Path(path).is_file():
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{e(alt)}">'


def _num(value: float, fmt: str = "{:.0f}") -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt.format(value)


def facility_words(value: float) -> str:
    """Moodle's facility bands, in fewer words."""
    if value is None or math.isnan(value):
        return "–"
    for limit, words in ((0.2, "very hard"), (0.35, "hard"), (0.65, "middling"), (0.8, "fairly easy"),
                         (0.9, "easy")):
        if value < limit:
            return words
    return "very easy"


def discrimination_words(value: float) -> str:
    """Moodle's guidance on the discrimination index: 50+ very good, 30-50 adequate, 20-30 weak, under 20 very weak."""
    if value is None or math.isnan(value):
        return "cannot tell (everyone scored the same)"
    if value < 0:
        return '<span class="bad">negative: strong students do worse here; check the key and wording</span>'
    for limit, words in ((20, "very weak"), (30, "weak"), (50, "adequate")):
        if value < limit:
            return words
    return '<span class="good">very good</span>'


def _table(frame: pd.DataFrame, columns: Mapping[str, str], numeric: Iterable[str] = (),
           formats: Mapping[str, str] | None = None) -> str:
    formats = formats or {}
    numeric = set(numeric)
    head = "".join(f"<th>{e(label)}</th>" for label in columns.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            if column in formats:
                text = formats[column].format(value) if not (isinstance(value, float) and math.isnan(value)) else "–"
                cells.append(f'<td class="num">{text}</td>')
            elif column in numeric:
                cells.append(f'<td class="num">{e(_num(value, "{:g}"))}</td>')
            else:
                cells.append(f"<td>{value if column.endswith('_html') else e(str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _reteach(analysis: Analysis) -> str:
    if not analysis.topics:
        return ("<p>No mistake was made by one student in five or more. Nothing needs reteaching to the whole "
                "class; see the exercises below for individual slips.</p>")
    items = []
    for number, topic in enumerate(analysis.topics, 1):
        mistakes = "".join(f"<li>{e(m.sentence)}</li>" for m in topic.mistakes)
        if topic.section is None:
            items.append(f'<li class="unlinked"><h3>Other common mistakes (not linked to a lesson section)</h3>'
                         f"<ul>{mistakes}</ul></li>")
            continue
        points = "".join(f'<p class="point"><b>The point to reteach:</b> {e(c.text)}</p>' for c in topic.claims[:2])
        where = (f'<p class="where">Open <code>{e(topic.section.notebook)}</code> and go to the section '
                 f'“{e(topic.section.heading)}”.</p>')
        urgency = "Reteach first: " if number == 1 else ""
        items.append(f"<li><h3>{e(urgency + topic.section.label)}</h3>{points}<ul>{mistakes}</ul>{where}</li>")
    return f'<ol class="reteach">{"".join(items)}</ol>'


def _sort_summary(ex: ExerciseAnalysis) -> str:
    confusion = ex.tables["confusion"]
    best = None
    for true in confusion.index:
        row_total = confusion.loc[true].sum()
        for chosen in confusion.columns:
            if chosen in (true, NOT_SORTED) or row_total == 0:
                continue
            share = confusion.loc[true, chosen] / row_total
            if best is None or share > best[0]:
                best = (share, true, chosen)
    if best is None or best[0] == 0:
        return "<p>No category was confused with another.</p>"
    share, true, chosen = best
    return (f"<p>Most mixed up: statements that belong under <b>{e(true)}</b> were filed under "
            f"<b>{e(chosen)}</b> {share:.0%} of the time. Each row shows where one category's statements went; "
            "the green boxes are right.</p>")


def _order_summary(ex: ExerciseAnalysis) -> str:
    violations = ex.tables["violations"]
    misplaced = ex.tables["misplaced"].sort_values("misplaced", ascending=False)
    parts = []
    if len(misplaced) and misplaced.iloc[0]["misplaced"] > 0:
        top = misplaced.iloc[0]
        parts.append(f"Most often misplaced: “{e(top['text'])}” ({top['share']:.0%} of the class).")
    if len(violations) and violations.iloc[0]["students"] > 0:
        top = violations.iloc[0]
        parts.append(f"Most broken rule: {top['share']:.0%} put “{e(top['text'])}” before "
                     f"“{e(top['must_follow_text'])}”.")
    return "<p>" + " ".join(parts or ["Every student put every step in a correct place."]) + "</p>"


def _pick_summary(ex: ExerciseAnalysis) -> str:
    options = ex.tables["options"]
    wrong = options[~options["correct"]].sort_values("mistakes", ascending=False)
    right = options[options["correct"]].sort_values("mistakes", ascending=False)
    parts = []
    if len(wrong) and wrong.iloc[0]["mistakes"] > 0:
        parts.append(f"Wrong option ticked most: “{e(wrong.iloc[0]['text'])}” ({wrong.iloc[0]['mistake_share']:.0%}).")
    if len(right) and right.iloc[0]["mistakes"] > 0:
        parts.append(f"Right option missed most: “{e(right.iloc[0]['text'])}” ({right.iloc[0]['mistake_share']:.0%}).")
    return "<p>" + " ".join(parts or ["Every student ticked exactly the right options."]) + "</p>"


def _exercise_section(number: int, ex: ExerciseAnalysis, row: pd.Series, images: Mapping[str, Path]) -> str:
    exercise = ex.exercise
    head = (f'<div class="exercise"><h3>{number}. {e(exercise.title)} <span class="muted">({e(exercise.kind)}, '
            f"{exercise.points:g} points, {ex.respondents} answered)</span></h3>"
            f'<p class="muted">Class mean {row["mean"]:.2f} of {exercise.points:g} · facility {row["facility"]:.0%} '
            f"({facility_words(row['facility'])}) · discrimination {_num(row['discrimination_index'])} "
            f"({discrimination_words(row['discrimination_index'])})</p>")
    if exercise.kind == "sort":
        body = _sort_summary(ex)
    elif exercise.kind == "order":
        body = _order_summary(ex)
        violations = ex.tables["violations"]
        body += _table(violations.assign(share_pct=violations["share"]),
                       {"text": "step", "must_follow_text": "must come after", "students": "students who broke it",
                        "share_pct": "share"}, numeric=["students"], formats={"share_pct": "{:.0%}"})
    else:
        body = _pick_summary(ex)
    return head + body + _img(images.get(exercise.id), f"{exercise.title}: what the class chose") + "</div>"


def _entries_table(analysis: Analysis) -> str:
    choices = analysis.choices()
    table = analysis.entry_table.copy()
    worst = {}
    if len(choices):
        wrong = choices[~choices["right"].astype(bool) & (choices["students"] > 0)]
        for item, group in wrong.groupby(wrong["exercise"] + "/" + wrong["entry"]):
            top = group.sort_values("students", ascending=False).iloc[0]
            worst[item] = (top["choice"], top["share"], top["point_biserial"])
    table["wrong_choice"] = [worst[i][0] if i in worst else "" for i in table.index]
    table["wrong_share"] = [worst[i][1] if i in worst else math.nan for i in table.index]
    table["wrong_pbis"] = [worst[i][2] if i in worst else math.nan for i in table.index]
    table["short"] = [t if len(t) < 80 else t[:78] + "…" for t in table["text"]]
    table["exercise_title"] = [analysis.key.exercise(x).title for x in table["exercise"]]
    return _table(table.reset_index(), {"exercise_title": "exercise", "short": "statement, step or option",
                                        "facility": "right", "discrimination_index": "discrimination",
                                        "wrong_choice": "most common wrong choice", "wrong_share": "chosen by",
                                        "wrong_pbis": "its point-biserial"},
                  formats={"facility": "{:.0%}", "discrimination_index": "{:.0f}", "wrong_share": "{:.0%}",
                           "wrong_pbis": "{:+.2f}"})


def _problems(analysis: Analysis) -> str:
    if not analysis.problems:
        return ""
    rows = "".join(f"<li><b>{e(student)}</b>: {e('; '.join(problems))}</li>"
                   for student, problems in sorted(analysis.problems.items()))
    return (f"<h2>Submissions to look at</h2><p>These submissions had a file problem. Their scores above are what "
            f"the saved answers earn; run <code>stratkit crosscheck</code> to compare with nbgrader.</p>"
            f"<ul>{rows}</ul>")


GLOSSARY = """
<h2>How to read the numbers</h2>
<dl>
<dt><b>Facility</b></dt><dd>The class's mean score on an item as a share of its points (Moodle's facility index).
Under 35% is hard, over 80% easy.</dd>
<dt><b>Discrimination</b></dt><dd>How well an item separates students who did well on the rest of the assignment
from those who did not: the correlation of the item with the rest of the score, times 100 (Moodle's discrimination
index). Moodle's guide: 50 and over very good, 30-50 adequate, 20-30 weak, under 20 very weak; negative means
stronger students did worse, so check the key and the wording.</dd>
<dt><b>Discriminative efficiency</b></dt><dd>Discrimination as a share of the best an item of this difficulty
could reach (Moodle). In the CSV files.</dd>
<dt><b>Point-biserial of a wrong choice</b></dt><dd>As Canvas reports it for each answer: negative when the
students who made that choice scored lower overall (a good distractor, a real misconception); positive when strong
students made it too, which often means the statement or the key is ambiguous.</dd>
<dt><b>Cronbach's alpha</b></dt><dd>Whether the items measure one thing consistently (Moodle's coefficient of
internal consistency / 100, Canvas's alpha). Above 0.75 is good; with few items it is naturally low.</dd>
</dl>
"""


def render(analysis: Analysis, images: Mapping[str, Path], *, generated: str = "") -> str:
    key = analysis.key
    n = analysis.students
    totals = analysis.totals
    mean = float(totals.mean()) if n else math.nan
    median = float(totals.median()) if n else math.nan
    cards = "".join(f'<div class="card">{label}<b>{value}</b></div>' for label, value in (
        ("students", n),
        ("class mean", f"{_num(mean, '{:.1f}')} / {key.max_points:g}"),
        ("median", f"{_num(median, '{:.1f}')}"),
        ("alpha, exercises", _num(analysis.alpha_exercises, "{:.2f}")),
        ("alpha, statements", _num(analysis.alpha_entries, "{:.2f}")),
    ))
    table = analysis.exercise_table.reset_index()
    table["verdict_html"] = [f"{facility_words(f)}; discrimination {discrimination_words(d)}"
                             for f, d in zip(table["facility"], table["discrimination_index"], strict=False)]
    overview = _table(table, {"title": "exercise", "kind": "kind", "mean": "mean", "max_points": "points",
                              "facility": "facility", "discrimination_index": "discrimination",
                              "discriminative_efficiency": "efficiency", "verdict_html": "in words"},
                      numeric=["max_points"],
                      formats={"mean": "{:.2f}", "facility": "{:.0%}", "discrimination_index": "{:.0f}",
                               "discriminative_efficiency": "{:.0f}"})
    exercises = "".join(_exercise_section(i, ex, analysis.exercise_table.loc[ex.exercise.id], images)
                        for i, ex in enumerate(analysis.exercises, 1))
    body = f"""
<h1>{e(key.title)}</h1>
<p class="lead">Class report for <code>{e(key.id)}</code>: {n} submissions. {e(generated)}</p>
<div class="cards">{cards}</div>
<h2>What to reteach first</h2>
<p class="muted">The mistakes at least one student in five made, grouped by the lesson section that teaches the
point, most common first.</p>
{_reteach(analysis)}
<h2>How the class scored</h2>
{_img(images.get("scores"), "Histogram of assignment scores")}
<h2>Exercise by exercise</h2>
{overview}
{exercises}
<h2>Statements, steps and options</h2>
<p class="muted">Each statement, step and option scored right (1) or wrong (0), as in the students' feedback.</p>
{_img(images.get("entries"), "Share of the class right on each statement, step and option")}
{_entries_table(analysis)}
{_problems(analysis)}
{GLOSSARY}
<p class="muted">Made by <code>stratkit report</code>. The tables behind every picture are CSV files in the same
folder.</p>
"""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(key.title)}: class report</title><style>{CSS}</style></head><body>{body}</body></html>\n")
