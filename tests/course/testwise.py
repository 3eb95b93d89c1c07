"""A test-wise student who has read no lesson: surface rules that answer from the item text alone.

Each rule sees what a student sees in a released exercise (title, prompt, category labels, the
texts of items, steps and options: ``exercise.to_dict(public=True)``), never a key, and answers every
entry. Its answers are then scored with the course's real scoring code (``stratkit.scoring.marking.fraction``),
so a rule's figure is the share of the points it would really earn.

The rules are the kinds of shortcut the review in issue 13 found working on the old bank, plus the
classic test-wiseness cues (Millman, Bishop and Ebel 1965; Haladyna, Downing and Rodriguez 2002):

* sorts: keyword lists per category (the issue's own rules, word for word), time words, numbers
  meaning "tactical", counting the four Ps, dates meaning "roadmap", longer meaning "more detailed
  plan", words shared with a category's label, and always choosing the same category;
* picks: tick everything, tick the longest half, the most specific half (numbers, names), the half
  that shares most words with the prompt, the first half as listed, options whose tone fits the
  prompt (blunt words such as "skip" or "without" are the mistakes), no absolute words ("always",
  "every", "only"), and metric keywords that match the prompt's review;
* orders: as listed, by time words ("January" before "week 6" before "year 2"), and a common-sense
  plan-do-check script read from the verbs.

``chance`` is the expected score of answering at random: for a sort, 1/categories for each item;
for a pick, the mean score over every possible set of ticks (each equally likely, the empty set
included) under the exercise's own scheme; for an order, the mean over every permutation of the
steps, scored against the nearest valid order.

Run ``python tests/course/testwise.py`` to print the tables.
"""

from __future__ import annotations

import itertools
import re
import statistics
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from _course import SOLUTIONS  # noqa: E402

from stratkit.content.loading import load_exercise  # noqa: E402
from stratkit.scoring.marking import fraction  # noqa: E402

if TYPE_CHECKING:
    from stratkit.content.model import AnyExercise

# --------------------------------------------------------------------------- words


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9€$£%]+", text.lower().replace("\u2019", "'"))


def has_any(text: str, patterns: list[str]) -> bool:
    low = " " + " ".join(words(text)) + " "
    return any(re.search(r"(?<![a-z0-9])" + p + r"(?![a-z0-9])", low) for p in patterns)


def count_any(text: str, patterns: list[str]) -> int:
    low = " " + " ".join(words(text)) + " "
    return sum(1 for p in patterns if re.search(r"(?<![a-z0-9])" + p + r"(?![a-z0-9])", low))


STOP = set("""a an the of to in on for and or but with by at from as is are be it its this that these those
we our us you your they their them he she his her not no do does did into than then so if when which who
what how each every all any one two three four five six seven eight nine ten per vs via about over under
after before up out new more most less only also can will would should may might must has have had
was were been being there here""".split())  # noqa: SIM905 (a stop list reads better as prose)

# The issue's rule for two-way sorts: "contains launch, week, quarter, campaign, pipeline, lead -> GTM".
ISSUE_GTM_WORDS = ["launch\\w*", "weeks?", "quarters?", "campaigns?", "pipeline", "leads?"]
LONG_HORIZON = ["years?", "long term", "long-term", "annual\\w*", "every year", "each year", "yearly", "decade",
                "20[2-4][0-9]", "durable", "lasting", "for good", "permanent\\w*"]
SHORT_HORIZON = ["weeks?", "days?", "months?", "quarters?", "q[1-4]", "90", "launch\\w*", "this spring",
                 "this autumn", "next month", "deadline", "window"]
LONG_VOCAB = ["brand\\w*", "audience\\w*", "position\\w*", "segment\\w*", "years?", "long term", "long-term",
              "relevan\\w*", "framework", "philosophy", "community", "who we", "mission", "territory",
              "reputation", "market", "markets", "business model", "strategy", "board"]
SHORT_VOCAB = ["launch\\w*", "price\\w*", "pricing", "sales", "lead", "leads", "demos?", "pipeline", "weeks?",
               "quarters?", "campaigns?", "creators?", "offer", "handoff", "90", "discount\\w*", "ads?",
               "trade show", "channel", "reseller\\w*", "promo\\w*", "budget"]
BIG_CHANGE = ["all", "every", "entire", "whole", "merge\\w*", "ban\\w*", "stops?", "no longer", "instead",
              "new market", "business model", "board", "most of"]

# The issue's rule for four-way sorts: why / goal / initiative -> strategy; price, sell, "year N" -> GTM plan;
# promotion words -> marketing plan; else roadmap.
REASON_WORDS = ["why", "because", "goals?", "initiatives?", "analysis", "reasons?", "so that", "we chose",
                "we will win", "choose", "chose", "bets?", "evidence", "data shows?", "shows?"]
GTM_WORDS = ["price\\w*", "pric\\w+", "sell\\w*", "sold", "year [0-9]+", "years? [0-9]+", "€", "\\$", "£",
             "resellers?", "distribut\\w+", "retailers?", "per month", "a month"]
PROMO_WORDS = ["ads?", "advert\\w*", "newsletters?", "webinars?", "press", "campaigns?", "trade shows?", "booths?",
               "social", "promot\\w*", "emails?", "videos?", "events?", "launch\\w*", "linkedin", "instagram",
               "posts?", "podcasts?", "case stud\\w+", "tv", "radio", "sponsor\\w*", "billboards?"]
DATE_WORDS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
              "q[1-4]", "h[12]", "v[0-9]+", "release\\w*", "ship\\w*", "sprint\\w*", "version\\w*", "features?"]
P_PRICE = ["price\\w*", "pric\\w+", "€", "\\$", "£", "discount\\w*", "fees?", "free", "bundle\\w*", "lease\\w*",
           "subscription\\w*", "tier\\w*"]
P_PLACE = ["sell\\w*", "sold", "through", "via", "resellers?", "shops?", "stores?", "distribut\\w+", "partners?",
           "retailers?", "counters?", "marketplace\\w*", "online", "channels?"]
P_PRODUCT = ["models?", "versions?", "editions?", "features?", "language", "add\\w* (?:a|an|the)", "bundle\\w*",
             "packag\\w+", "app"]

NEGATIVE_TONE = ["skip\\w*", "bin", "improvis\\w*", "without", "never", "ignore\\w*", "just", "straight away",
                 "later", "don t", "dont", "no need", "drop\\w*", "cancel\\w*", "cut\\w*", "stop\\w*", "only",
                 "whole", "all", "scrap\\w*", "assum\\w*", "guess\\w*", "anyway", "rush\\w*"]
ABSOLUTES = ["always", "never", "every", "all", "only", "whole", "entire\\w*", "none", "must", "nothing"]
MISTAKE_PROMPT = ["mistakes?", "warns?", "wrong", "problems?", "missing", "fail\\w*", "errors?", "misplaced",
                  "does not belong", "out of place", "disappoint\\w*", "struggl\\w*", "went wrong"]
GTM_METRIC_WORDS = ["pipeline", "cost", "conversion\\w*", "convert\\w*", "revenue", "launch\\w*", "weeks?", "demos?",
                    "deals?", "signed", "trials?", "acquisition", "cpa", "forecast", "90", "sign ups?", "booked"]
MS_METRIC_WORDS = ["brand\\w*", "share of voice", "audience\\w*", "years?", "awareness", "recall", "long term",
                   "long-term", "reputation", "tracker", "since 20[0-9]+", "newsletter\\w*", "followers?"]

# --------------------------------------------------------------------------- categories

#: What each graded category id means, for the rules: two-way sorts have a "long" (strategy) side and a
#: "short" (launch, action) side; four-way sorts use Caporale's four documents. A new category id must
#: be added here (the test fails until it is), so no exercise escapes the baseline.
ROLE = {
    "strategy": "strategy", "roadmap": "roadmap", "marketing-plan": "marketing-plan", "gtm-plan": "gtm-plan",
    "marketing-strategy": "long", "gtm-strategy": "short",
    "update-strategy": "long", "adjust-actions": "short",
}


@dataclass
class Public:
    """What a student sees of one exercise."""

    id: str
    kind: str
    prompt: str
    categories: list[tuple[str, str]]  # (id, label)
    entries: list[tuple[str, str]]  # (id, text), in released order


def public_view(exercise: AnyExercise) -> Public:
    data = exercise.to_dict(public=True)
    field = {"sort": "items", "order": "steps", "pick": "options"}[data["kind"]]
    return Public(data["id"], data["kind"], f"{data['title']}\n{data['prompt']}",
                  [(c["id"], c["label"]) for c in data.get("categories", [])],
                  [(e["id"], e["text"]) for e in data[field]])


def by_role(view: Public) -> dict[str, str]:
    return {ROLE[cid]: cid for cid, _ in view.categories}


# --------------------------------------------------------------------------- sort rules

SortRule = Callable[[Public, str], str]  # (exercise, item text) -> category id


def two_way(choose: Callable[[str], str]) -> SortRule:
    """A rule written in terms of "long"/"short", applied through the exercise's categories."""
    def rule(view: Public, text: str) -> str:
        return by_role(view)[choose(text)]
    return rule


def _issue_two_way(text: str) -> str:
    return "short" if has_any(text, ISSUE_GTM_WORDS) else "long"


def _time_words(text: str) -> str:
    if has_any(text, LONG_HORIZON):
        return "long"
    return "short" if has_any(text, SHORT_HORIZON) else "long"


def _numbers_are_tactics(text: str) -> str:
    return "short" if re.search(r"[0-9€$£%]", text) else "long"


def _vocabulary(text: str) -> str:
    return "short" if count_any(text, SHORT_VOCAB) > count_any(text, LONG_VOCAB) else "long"


def _big_change(text: str) -> str:
    return "long" if has_any(text, BIG_CHANGE) else "short"


def _longer_is_tactical(view: Public) -> SortRule:
    median = statistics.median(len(t) for _, t in view.entries)
    return lambda v, text: by_role(v)["short" if len(text) > median else "long"]


def _issue_four_way(view: Public, text: str) -> str:
    roles = by_role(view)
    if has_any(text, REASON_WORDS):
        return roles["strategy"]
    if has_any(text, GTM_WORDS):
        return roles["gtm-plan"]
    if has_any(text, PROMO_WORDS):
        return roles["marketing-plan"]
    return roles["roadmap"]


def _four_ps(view: Public, text: str) -> str:
    roles = by_role(view)
    ps = sum(has_any(text, words_) for words_ in (P_PRICE, P_PLACE, P_PRODUCT)) + has_any(text, PROMO_WORDS)
    if ps >= 2:
        return roles["gtm-plan"]
    if has_any(text, REASON_WORDS):
        return roles["strategy"]
    if has_any(text, PROMO_WORDS):
        return roles["marketing-plan"]
    if has_any(text, DATE_WORDS):
        return roles["roadmap"]
    return roles["strategy"]


def _dates_mean_roadmap(view: Public, text: str) -> str:
    roles = by_role(view)
    if has_any(text, DATE_WORDS):
        return roles["roadmap"]
    if has_any(text, REASON_WORDS):
        return roles["strategy"]
    if has_any(text, PROMO_WORDS):
        return roles["marketing-plan"]
    return roles["gtm-plan"]


def _length_ladder(view: Public) -> SortRule:
    """Longest quarter -> GTM plan, then strategy, then marketing plan, shortest -> roadmap."""
    ranked = sorted(t for _, t in view.entries)
    lengths = sorted(len(t) for t in ranked)
    cuts = [lengths[int(len(lengths) * q)] for q in (0.25, 0.5, 0.75)]

    def rule(v: Public, text: str) -> str:
        roles = by_role(v)
        n = len(text)
        ladder = ["roadmap", "marketing-plan", "strategy", "gtm-plan"]
        return roles[ladder[sum(n >= c for c in cuts)]]
    return rule


def _label_overlap(view: Public, text: str) -> str:
    found = set(words(text))
    scores = [(len(found & (set(words(label)) - STOP)), -i, cid) for i, (cid, label) in enumerate(view.categories)]
    return max(scores)[2]


def sort_rules(view: Public) -> dict[str, SortRule]:
    rules: dict[str, SortRule] = {}
    roles = {ROLE[c] for c, _ in view.categories}
    if roles == {"long", "short"}:
        rules["issue keywords (launch/week/quarter/campaign/pipeline/lead -> GTM side)"] = two_way(_issue_two_way)
        rules["time words (years -> strategy side, weeks/quarters -> GTM side)"] = two_way(_time_words)
        rules["numbers mean tactics"] = two_way(_numbers_are_tactics)
        rules["keyword lists per category"] = two_way(_vocabulary)
        rules["big words (all, merge, business model) -> strategy side"] = two_way(_big_change)
        rules["longer means the detailed (GTM) side"] = _longer_is_tactical(view)
    else:
        rules["issue keywords (why->strategy, price/sell/year N->GTM, promotion->marketing plan, else roadmap)"] = \
            _issue_four_way
        rules["count the four Ps"] = _four_ps
        rules["dates mean roadmap"] = _dates_mean_roadmap
        rules["length ladder (longest -> GTM plan)"] = _length_ladder(view)
    rules["words shared with a category label"] = _label_overlap
    for cid, label in view.categories:
        rules[f"always '{label}'"] = _always(cid)
    return rules


def _always(category_id: str) -> SortRule:
    return lambda view, text: category_id


# --------------------------------------------------------------------------- pick rules

PickRule = Callable[[Public], list[str]]


def _half(view: Public, key: Callable[[tuple[str, str]], float]) -> list[str]:
    ranked = sorted(view.entries, key=key, reverse=True)
    return [i for i, _ in ranked[: (len(ranked) + 1) // 2]]


def _specificity(text: str) -> float:
    return len(re.findall(r"[0-9€$£%]+", text)) + sum(1 for w in text.split()[1:] if w[:1].isupper())


def _prompt_overlap(view: Public) -> Callable[[tuple[str, str]], float]:
    prompt = set(words(view.prompt)) - STOP
    return lambda e: len((set(words(e[1])) - STOP) & prompt)


def _asks_for_mistakes(view: Public) -> bool:
    return has_any(view.prompt, MISTAKE_PROMPT)


def _tone(view: Public) -> list[str]:
    blunt = [i for i, t in view.entries if has_any(t, NEGATIVE_TONE)]
    return blunt if _asks_for_mistakes(view) else [i for i, _ in view.entries if i not in blunt]


def _absolutes(view: Public) -> list[str]:
    absolute = [i for i, t in view.entries if has_any(t, ABSOLUTES)]
    return absolute if _asks_for_mistakes(view) else [i for i, _ in view.entries if i not in absolute]


def _metric_words(view: Public) -> list[str]:
    launch = has_any(view.prompt, ["launch\\w*", "gtm", "go to market", "weeks?", "90"])
    wanted = GTM_METRIC_WORDS if launch else MS_METRIC_WORDS
    other = MS_METRIC_WORDS if launch else GTM_METRIC_WORDS
    return [i for i, t in view.entries if count_any(t, wanted) > count_any(t, other)]


PICK_RULES: dict[str, PickRule] = {
    "tick everything": lambda v: [i for i, _ in v.entries],
    "tick the longest half": lambda v: _half(v, lambda e: len(e[1])),
    "tick the most specific half (numbers, names)": lambda v: _half(v, lambda e: _specificity(e[1])),
    "tick the half sharing most words with the prompt": lambda v: _half(v, _prompt_overlap(v)),
    "tick the first half as listed": lambda v: [i for i, _ in v.entries[: (len(v.entries) + 1) // 2]],
    "tone: blunt words are the mistakes": _tone,
    "absolute words (always, every, only) are wrong": _absolutes,
    "metric keywords matching the prompt's review": _metric_words,
}

# --------------------------------------------------------------------------- order rules

OrderRule = Callable[[Public], list[str]]

TIME_CUES: list[tuple[str, float]] = [
    ("annual\\w*|yearly|january|every year|each year|start of the year|year s plan", 0),
    ("first|before anything|to begin", 1),
    ("week [0-9]+|weeks? [0-9]+|day [0-9]+|[0-9]+ weeks?|[0-9]+ days?", 5),
    ("after|then|later|once|results?|afterwards", 7),
    ("year (?:2|two)|second year|next year|following year|next quarter|q[2-4]", 9),
]
SCRIPT: list[tuple[str, float]] = [
    ("research\\w*|assess\\w*|analys\\w*|stud\\w+|review (?:the )?(?:marketing )?strategy|strategy review|"
     "map\\w*|understand\\w*", 0),
    ("choos\\w*|chose|pick\\w*|decid\\w*|select\\w*|settl\\w*|defin\\w*|position\\w*", 1),
    ("writ\\w*|draft\\w*|plan\\w*|prepar\\w*|build\\w*", 2),
    ("agree\\w*|brief\\w*|train\\w*|equip\\w*|align\\w*", 3),
    ("audit\\w*|check\\w*|test\\w*|verif\\w*", 4),
    ("go live|goes live|launch\\w*|run\\w*|start\\w*|switch\\w* on|open\\w*|release\\w*", 5),
    ("measur\\w*|review\\w*|compar\\w*|read\\w*|results?|report\\w*|track\\w*", 6),
    ("updat\\w*|revis\\w*|next|second year|year 2|later|renew\\w*", 7),
]


def _first_cue(text: str, cues: list[tuple[str, float]], default: float) -> float:
    low = " ".join(words(text))
    hits = [(m.start(), rank) for pattern, rank in cues for m in [re.search(r"\b(?:" + pattern + r")\b", low)] if m]
    return min(hits)[1] if hits else default


def _time_order(view: Public) -> list[str]:
    return [i for _, _, i in sorted((_first_cue(t, TIME_CUES, 4), n, i) for n, (i, t) in enumerate(view.entries))]


def _script_order(view: Public) -> list[str]:
    return [i for _, _, i in sorted((_first_cue(t, SCRIPT, 3.5), n, i) for n, (i, t) in enumerate(view.entries))]


ORDER_RULES: dict[str, OrderRule] = {
    "as listed": lambda v: [i for i, _ in v.entries],
    "by time words (January ... week 6 ... year 2)": _time_order,
    "plan-do-check script read from the verbs": _script_order,
}

# --------------------------------------------------------------------------- scoring


def rule_answers(exercise: AnyExercise) -> dict[str, object]:
    """Every rule's answer to one exercise, from its public view only."""
    view = public_view(exercise)
    if view.kind == "sort":
        return {name: {i: rule(view, t) for i, t in view.entries} for name, rule in sort_rules(view).items()}
    if view.kind == "pick":
        return {name: rule(view) for name, rule in PICK_RULES.items()}
    return {name: rule(view) for name, rule in ORDER_RULES.items()}


def chance(exercise: AnyExercise) -> float:

    view = public_view(exercise)
    ids = [i for i, _ in view.entries]
    if view.kind == "sort":
        return 1 / len(view.categories)
    if view.kind == "pick":
        subsets = [list(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
        return statistics.fmean(fraction(exercise, s) for s in subsets)
    return statistics.fmean(fraction(exercise, list(p)) for p in itertools.permutations(ids))


def sort_kind(exercise: AnyExercise) -> str:
    """"sort, 2-way" or "sort, 4-way" (by number of categories); else the kind itself."""
    from stratkit.content.model import SortExercise

    if not isinstance(exercise, SortExercise):
        return str(exercise.kind)
    return f"sort, {len(exercise.categories)}-way"


@dataclass(frozen=True)
class Row:
    assignment: str
    exercise: str
    kind: str
    entries: int
    chance: float
    scores: dict[str, float]

    @property
    def best(self) -> tuple[str, float]:
        return max(self.scores.items(), key=lambda kv: kv[1])


def graded_exercises() -> Iterator[tuple[str, AnyExercise]]:
    """(assignment id, exercise with its key) for every graded exercise, in assignment order."""
    for manifest in sorted(SOLUTIONS.glob("*/assignment.yaml")):
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for exercise_id in data["exercises"]:
            yield data["id"], load_exercise(manifest.parent / "keys" / f"{exercise_id}.yaml")


def baseline() -> list[Row]:
    rows = []
    for assignment, exercise in graded_exercises():
        scores = {name: fraction(exercise, answer) for name, answer in rule_answers(exercise).items()}
        rows.append(Row(assignment, exercise.id, sort_kind(exercise), len(exercise.entries()), chance(exercise),
                        scores))
    return rows


def pooled(rows: list[Row], rule: str) -> float:
    """Mean score of one rule, each exercise weighted by its number of entries."""
    mine = [r for r in rows if rule in r.scores]
    return sum(r.scores[rule] * r.entries for r in mine) / sum(r.entries for r in mine)


def pooled_chance(rows: list[Row]) -> float:
    return sum(r.chance * r.entries for r in rows) / sum(r.entries for r in rows)


def report(rows: list[Row]) -> str:
    lines = ["Test-wise baseline on the graded items (score = share of the points earned; chance = random answers)", ""]
    lines.append(f"{'exercise':32} {'kind':12} {'n':>3} {'chance':>7} {'best rule':>9}  best rule's name")
    for r in rows:
        name, score = r.best
        lines.append(f"{r.exercise:32} {r.kind:12} {r.entries:3d} {r.chance:7.2f} {score:9.2f}  {name}")
    lines.append("")
    lines.append("Per problem set (means weighted by entries): chance; the mean of all rules; and an upper bound,")
    lines.append("each exercise answered by whichever rule happened to do best on it (hindsight no student has)")
    for assignment in sorted({r.assignment for r in rows}):
        mine = [r for r in rows if r.assignment == assignment]
        weight = sum(r.entries for r in mine)
        typical = sum(statistics.fmean(r.scores.values()) * r.entries for r in mine) / weight
        hindsight = sum(r.best[1] * r.entries for r in mine) / weight
        lines.append(f"  {assignment:28} chance {pooled_chance(mine):.2f}   mean rule {typical:.2f}   "
                     f"best rule per exercise {hindsight:.2f}")
    lines.append("")
    lines.append("Per kind: chance, and every rule pooled over all graded exercises of that kind (weighted by entries)")
    for kind in sorted({r.kind for r in rows}):
        mine = [r for r in rows if r.kind == kind]
        lines.append(f"  {kind}: {len(mine)} exercises, {sum(r.entries for r in mine)} entries, "
                     f"chance {pooled_chance(mine):.2f}")
        names = sorted({n for r in mine for n in r.scores}, key=lambda n: -pooled(mine, n))
        for name in names:
            lines.append(f"      {pooled(mine, name):.2f}  {name}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(baseline()))
