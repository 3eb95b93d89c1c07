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

Round 2 adds the cues a strong human reader used on the round-1 bank without reading a lesson
(/work/notes review: "Test-wise answers: the cues I used"):

* sorts: release verbs mark the roadmap ("slips", "ships", "then", "waits"); the reader's own
  horizon-and-scope reading (years, "every", "any", "whatever", "company" on the strategy side; "this",
  "the course", "first month" on the GTM side); a balanced split (rank by that reading, cut in the
  middle: "5 and 5 confirmed my guesses"); and the layout of an earlier problem set's sort with the same
  categories, copied item by item (a student has that set's feedback: "once one set is solved, the
  others follow");
* picks: options that echo a sentence of the case are right ("each supported diagnosis matches one
  sentence of the case text"); options that restate another exercise's prompt or the set's intro are
  right ("a restates the intro"); hedged options are right and absolute ones wrong (already above);
* orders: a step that names what another step produces ("from the segments the strategy names", "for
  that segment") comes after it.

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
from dataclasses import dataclass, field
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

#: Round 2, the human reader's cues.
RELEASE_WORDS = ["ship\\w*", "slip\\w*", "releas\\w*", "moves? (?:to|from)", "stays? on track", "keeps? its", "then",
                 "after", "waits?", "delay\\w*", "rather than", "not (?:january|february|march|april|may|june|july|"
                 "august|september|october|november|december|spring|summer|autumn|winter)", "finish\\w*", "v[0-9]+"]
WHY_WORDS = ["why", "because", "since", "so that", "as", "goals?", "by 20[0-9]{2}", "bets?", "initiatives?", "moves",
             "analysis", "data", "reviews? show\\w*"]
SCOPE_LONG = ["every", "each", "any", "all", "whatever", "company", "whole", "no (?:course|campaign|launch|product)",
              "business", "brand", "years?", "20[2-4][0-9]", "lasting", "long term", "long-term", "for good",
              "permanent\\w*", "no end date", "never", "most of"]
SCOPE_SHORT = ["this (?:launch|course|offer|quarter|month|week|spring)", "the (?:launch|course)",
               "first (?:month|weeks?|days?)", "one (?:course|offer|segment)", "night shift course", "pilot",
               "weeks?", "days?", "months?", "quarters?", "90", "for the", "launch\\w*", "campaigns?", "demos?",
               "leads?"]
REFERENCE_MARKERS = r"(?:that|this|these|those|its|from the|for that|using the|drawing on the|taking)"
#: What one planning step produces and a later step refers back to.
PRODUCTS = ("strategy", "segment", "target", "plan", "positioning", "position", "lead", "launch", "audience",
            "messaging", "forecast", "results")

# --------------------------------------------------------------------------- categories

#: What each graded category id means, for the rules: two-way sorts have a "long" (strategy) side and a
#: "short" (launch, action) side; four-way sorts use Caporale's four documents. A new category id must
#: be added here (the test fails until it is), so no exercise escapes the baseline.
ROLE = {
    "strategy": "strategy", "roadmap": "roadmap", "marketing-plan": "marketing-plan", "gtm-plan": "gtm-plan",
    "marketing-strategy": "long", "gtm-strategy": "short",
    "update-strategy": "long", "adjust-actions": "short",
}


@dataclass(frozen=True)
class Context:
    """What else the student has seen: the set's intro, the other prompts in the set, and the keys of
    sorts in earlier problem sets (their feedback came back before this set was done)."""

    intro: str = ""
    other_prompts: tuple[str, ...] = ()
    earlier_keys: tuple[dict[str, str], ...] = ()


@dataclass
class Public:
    """What a student sees of one exercise."""

    id: str
    kind: str
    prompt: str
    categories: list[tuple[str, str]]  # (id, label)
    entries: list[tuple[str, str]]  # (id, text), in released order
    context: Context = field(default_factory=Context)


def public_view(exercise: AnyExercise, context: Context | None = None) -> Public:
    data = exercise.to_dict(public=True)
    field_name = {"sort": "items", "order": "steps", "pick": "options"}[data["kind"]]
    return Public(data["id"], data["kind"], f"{data['title']}\n{data['prompt']}",
                  [(c["id"], c["label"]) for c in data.get("categories", [])],
                  [(e["id"], e["text"]) for e in data[field_name]], context or Context())


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


def _scope_score(text: str) -> int:
    """The human reader's horizon-and-scope reading: positive means the strategy side."""
    return count_any(text, SCOPE_LONG) - count_any(text, SCOPE_SHORT)


def _scope_reading(text: str) -> str:
    return "long" if _scope_score(text) > 0 else "short"


def _balanced_split(view: Public) -> SortRule:
    """Rank by the scope reading and cut in the middle: half to each side, as a 5/5 split "confirms"."""
    ranked = sorted(view.entries, key=lambda e: (-_scope_score(e[1]), e[0]))
    long_side = {i for i, _ in ranked[: len(ranked) // 2]}
    return lambda v, text: by_role(v)["long" if next(i for i, t in v.entries if t == text) in long_side else "short"]


def _release_verbs(view: Public, text: str) -> str:
    roles = by_role(view)
    if has_any(text, RELEASE_WORDS):
        return roles["roadmap"]
    if has_any(text, WHY_WORDS):
        return roles["strategy"]
    if has_any(text, PROMO_WORDS):
        return roles["marketing-plan"]
    return roles["gtm-plan"]


def _earlier_layout(view: Public, key: dict[str, str]) -> SortRule:
    """Answer each item id as the same id was keyed in an earlier set's sort with the same categories."""
    first = view.categories[0][0]
    return lambda v, text: key.get(next(i for i, t in v.entries if t == text), first)


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
        rules["horizon and scope (years, every, company -> strategy side)"] = two_way(_scope_reading)
        rules["balanced split by horizon and scope"] = _balanced_split(view)
    else:
        rules["issue keywords (why->strategy, price/sell/year N->GTM, promotion->marketing plan, else roadmap)"] = \
            _issue_four_way
        rules["count the four Ps"] = _four_ps
        rules["dates mean roadmap"] = _dates_mean_roadmap
        rules["length ladder (longest -> GTM plan)"] = _length_ladder(view)
        rules["release verbs -> roadmap, why -> strategy, promotion -> marketing plan, else GTM"] = _release_verbs
    rules["words shared with a category label"] = _label_overlap
    wanted = {cid for cid, _ in view.categories}
    ids = {i for i, _ in view.entries}
    earlier = [k for k in view.context.earlier_keys if set(k.values()) <= wanted and set(k) & ids]
    if earlier:
        rules["copy the layout of the last earlier set's sort"] = _earlier_layout(view, earlier[-1])
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


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOP and len(w) > 2}


def _sentences(text: str) -> list[str]:
    return [x for x in re.split(r"(?<=[.;:!?])\s+", text) if x.strip()]


ECHO_WORDS = 2  # content words an option shares with one sentence of the case to count as its echo


def _echoes_the_case(view: Public) -> list[str]:
    """Options sharing at least ECHO_WORDS content words with one sentence of the case are right."""
    sentences = [_content(x) for x in _sentences(view.prompt)]
    return [i for i, t in view.entries if any(len(_content(t) & x) >= ECHO_WORDS for x in sentences)]


def _restates_the_set(view: Public) -> list[str]:
    """Options that restate the set's intro or another exercise's prompt (four content words in common
    with one of its sentences) are right; if none does, tick none."""
    sentences = [_content(x) for text in (view.context.intro, *view.context.other_prompts) for x in _sentences(text)]
    return [i for i, t in view.entries if any(len(_content(t) & x) >= 4 for x in sentences)]


PICK_RULES: dict[str, PickRule] = {
    "tick everything": lambda v: [i for i, _ in v.entries],
    "tick the longest half": lambda v: _half(v, lambda e: len(e[1])),
    "tick the most specific half (numbers, names)": lambda v: _half(v, lambda e: _specificity(e[1])),
    "tick the half sharing most words with the prompt": lambda v: _half(v, _prompt_overlap(v)),
    "tick the first half as listed": lambda v: [i for i, _ in v.entries[: (len(v.entries) + 1) // 2]],
    "tone: blunt words are the mistakes": _tone,
    "absolute words (always, every, only) are wrong": _absolutes,
    "metric keywords matching the prompt's review": _metric_words,
    "options echoing a sentence of the case are right": _echoes_the_case,
    "options restating the intro or another prompt are right": _restates_the_set,
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


def _named_predecessors(view: Public) -> list[str]:
    """A step that refers back to what another step produces ("for that segment", "from the segments the
    strategy names", "the strategy's positioning") comes after the step that mentions it plainly; among the
    steps free to go next, the plan-do-check script decides (Kahn's algorithm)."""
    texts = {i: " ".join(words(t)) for i, t in view.entries}

    def references(text: str, head: str) -> int:
        count = len(re.findall(REFERENCE_MARKERS + r" (?:\w+ )?" + head + r"s?\b", text))
        count += len(re.findall(r"\b" + head + r" s\b", text))  # "the strategy's"
        return count + (len(re.findall(r"\bthe strategy\b", text)) if head == "strategy" else 0)

    def introduces(text: str, head: str) -> bool:
        """Mentions the thing more often than it refers back to it: this step makes it."""
        return len(re.findall(r"\b" + head + r"s?\b", text)) > references(text, head)

    before: dict[str, set[str]] = {i: set() for i in texts}
    for b, text in texts.items():
        for a, other in texts.items():
            if a != b and any(references(text, h) and introduces(other, h) for h in PRODUCTS):
                before[b].add(a)
    script = {i: _first_cue(t, SCRIPT, 3.5) for i, t in view.entries}
    placed: list[str] = []
    remaining = [i for i, _ in view.entries]
    while remaining:
        ready = [i for i in remaining if before[i] <= set(placed)] or remaining  # a cycle: fall back to the script
        chosen = min(ready, key=lambda i: (script[i], remaining.index(i)))
        placed.append(chosen)
        remaining.remove(chosen)
    return placed


ORDER_RULES: dict[str, OrderRule] = {
    "as listed": lambda v: [i for i, _ in v.entries],
    "by time words (January ... week 6 ... year 2)": _time_order,
    "plan-do-check script read from the verbs": _script_order,
    "a step naming another step's product comes after it": _named_predecessors,
}

# --------------------------------------------------------------------------- scoring


def rule_answers(exercise: AnyExercise, context: Context | None = None) -> dict[str, object]:
    """Every rule's answer to one exercise, from its public view (and what else the student has seen) only."""
    view = public_view(exercise, context)
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


def contexts() -> dict[str, Context]:
    """What a student has seen around each graded exercise: its set's intro and other prompts, and the
    keys of the sorts in every earlier set (PS1 before PS2, and so on)."""
    from stratkit.content.model import SortExercise

    found: dict[str, Context] = {}
    earlier: list[dict[str, str]] = []
    for manifest in sorted(SOLUTIONS.glob("*/assignment.yaml")):
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        exercises = [load_exercise(manifest.parent / "keys" / f"{e}.yaml") for e in data["exercises"]]
        for exercise in exercises:
            others = tuple(f"{o.title}\n{o.prompt}" for o in exercises if o.id != exercise.id)
            found[exercise.id] = Context(str(data.get("intro", "")), others, tuple(earlier))
        earlier += [e.key() for e in exercises if isinstance(e, SortExercise)]
    return found


def baseline() -> list[Row]:
    rows = []
    around = contexts()
    for assignment, exercise in graded_exercises():
        answers = rule_answers(exercise, around[exercise.id])
        scores = {name: fraction(exercise, answer) for name, answer in answers.items()}
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
