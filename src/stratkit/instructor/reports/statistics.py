"""Classical item analysis: pure functions on a students x items table of scores.

The input is a pandas DataFrame, one row per student and one column per item, holding the points
each student earned (a missing answer is 0 points, as in the grade). "Item" is whatever the
caller chooses: an exercise (scored in points, like a Moodle question) or one statement, step or
option inside it (scored 0 or 1). Formulas follow the two LMSs instructors compare with:

Moodle, quiz statistics (``question/classes/statistics/questions/calculator.php`` and
``mod/quiz/report/statistics/classes/calculator.php``; docs: "Quiz statistics calculations"):

* **facility index** = mean mark / maximum mark (Moodle shows it as a percentage);
* **discrimination index** = 100 x cov(x, X - x) / sqrt(var(x) var(X - x)): the correlation between
  the item's mark x and the *rest* of the test (the total X without this item), times 100;
* **discriminative efficiency** = 100 x cov(x, X - x) / cov_max, where cov_max pairs the item marks
  sorted ascending with the rest marks sorted ascending: the largest covariance these marks could
  have, so efficiency says how close the item comes to the best discrimination its facility allows;
* **coefficient of internal consistency** (Cronbach's alpha, shown by Moodle x100) =
  k / (k - 1) x (1 - sum var(x_i) / var(X)).

Moodle uses sample (n - 1) variances and covariances throughout; every ratio above is the same
with population ones, since the n - 1 cancels.

Canvas, classic quiz item analysis (``app/models/quizzes/quiz_statistics/item_analysis/item.rb``
and ``summary.rb``):

* **point-biserial of an answer choice** = (M_p - M_q) / S x sqrt(p (1 - p)): M_p is the mean
  quiz score of students who chose it, M_q of those who answered the item but chose something
  else, p the share who chose it, S the *population* standard deviation of the quiz scores of
  everyone who answered the item. Blank answers don't count. A good distractor has a negative
  point-biserial (weaker students choose it); a positive one flags a choice that attracts strong
  students: a misleading question or a key error.
* Canvas's alpha is Cronbach's alpha too (population variances; same value).

Undefined values (no variance, too few students) are NaN, never an error: a class where everyone
got an item right has no discrimination to report.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "cronbach_alpha",
    "discrimination_index",
    "discriminative_efficiency",
    "facility",
    "item_table",
    "point_biserial",
]


def _as_frame(scores: pd.DataFrame) -> pd.DataFrame:
    return scores.astype(float).fillna(0.0)


def facility(scores: pd.DataFrame, max_points: Mapping[str, float] | pd.Series) -> pd.Series:
    """Moodle's facility index as a fraction in [0, 1]: mean score / maximum score, per item."""
    scores = _as_frame(scores)
    top = pd.Series(max_points, dtype=float).reindex(scores.columns)
    return (scores.mean(axis=0) / top).rename("facility")


def _rest(scores: pd.DataFrame) -> pd.DataFrame:
    """Each item's rest score: the student's total minus this item (Moodle's 'other marks')."""
    total = scores.sum(axis=1)
    return (-scores).add(total, axis=0)


def _per_item_against_rest(scores: pd.DataFrame, name: str,
                           formula: Callable[[np.ndarray, np.ndarray, int], float]) -> pd.Series:
    """``formula(item scores, rest scores, n)`` for each item; NaN with fewer than two students."""
    scores = _as_frame(scores)
    rest = _rest(scores)
    n = len(scores)
    out = {item: formula(scores[item].to_numpy(), rest[item].to_numpy(), n) if n >= 2 else math.nan
           for item in scores.columns}
    return pd.Series(out, name=name, dtype=float)


def _item_rest_correlation(x: np.ndarray, y: np.ndarray, n: int) -> float:
    dx, dy = x - x.mean(), y - y.mean()
    var_x, var_y = (dx @ dx) / (n - 1), (dy @ dy) / (n - 1)
    cov = (dx @ dy) / (n - 1)
    return 100.0 * cov / math.sqrt(var_x * var_y) if var_x * var_y > 0 else math.nan


def _efficiency(x: np.ndarray, y: np.ndarray, n: int) -> float:
    cov = ((x - x.mean()) @ (y - y.mean())) / (n - 1)
    cov_max = (np.sort(x) - x.mean()) @ (np.sort(y) - y.mean()) / (n - 1)
    return 100.0 * cov / cov_max if cov_max != 0 else math.nan


def discrimination_index(scores: pd.DataFrame) -> pd.Series:
    """Moodle's discrimination index per item: 100 x Pearson correlation of the item and the rest score."""
    return _per_item_against_rest(scores, "discrimination_index", _item_rest_correlation)


def discriminative_efficiency(scores: pd.DataFrame) -> pd.Series:
    """Moodle's discriminative efficiency per item: 100 x cov(x, rest) / cov of both sorted ascending."""
    return _per_item_against_rest(scores, "discriminative_efficiency", _efficiency)


def cronbach_alpha(scores: pd.DataFrame) -> float:
    """Cronbach's alpha (Moodle's CIC / 100; Canvas's alpha): k/(k-1) x (1 - sum of item variances / total variance)."""
    scores = _as_frame(scores)
    k = scores.shape[1]
    if k < 2 or len(scores) < 2:
        return math.nan
    total_var = scores.sum(axis=1).var(ddof=1)
    if not total_var > 0:
        return math.nan
    item_var = scores.var(axis=0, ddof=1).sum()
    return float(k / (k - 1) * (1.0 - item_var / total_var))


def point_biserial(chose: pd.Series, totals: pd.Series, answered: pd.Series | None = None) -> float:
    """Canvas's point-biserial of one answer choice: (M_p - M_q) / S x sqrt(p (1 - p)).

    ``chose``: True for each student who made this choice; ``totals``: each student's quiz score;
    ``answered``: who answered the item at all (default: everyone). Only those who answered count.
    NaN when nobody or everybody made the choice, or the scores do not vary.
    """
    chose = chose.astype(bool)
    if answered is not None:
        keep = answered.reindex(chose.index).fillna(False).astype(bool)
        chose, totals = chose[keep], totals.reindex(chose.index)[keep]
    else:
        totals = totals.reindex(chose.index)
    n = len(chose)
    if n == 0:
        return math.nan
    with_choice, without = totals[chose], totals[~chose]
    if len(with_choice) == 0 or len(without) == 0:
        return math.nan
    sd = float(totals.std(ddof=0))
    if not sd > 0:
        return math.nan
    p = len(with_choice) / n
    return float((with_choice.mean() - without.mean()) / sd * math.sqrt(p * (1 - p)))


def item_table(scores: pd.DataFrame, max_points: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """One row per item: n, mean, max, facility, discrimination index and discriminative efficiency."""
    scores = _as_frame(scores)
    top = pd.Series(max_points, dtype=float).reindex(scores.columns)
    table = pd.DataFrame({
        "n": len(scores),
        "mean": scores.mean(axis=0),
        "max_points": top,
        "sd": scores.std(axis=0, ddof=1) if len(scores) > 1 else math.nan,
    })
    table["facility"] = facility(scores, top)
    table["discrimination_index"] = discrimination_index(scores)
    table["discriminative_efficiency"] = discriminative_efficiency(scores)
    table.index.name = "item"
    return table
