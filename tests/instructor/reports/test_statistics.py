"""Every item statistic against values worked out by hand on tests/data/gradebook_small.csv.

The gradebook: five students, three items (i1 worth 2 points, i2 and i3 worth 1).

    student  i1  i2  i3  total   i2 choice
    A         2   1   1    4     right
    B         2   0   1    3     wrong-x
    C         1   1   0    2     right
    D         0   1   0    1     right
    E         0   0   0    0     wrong-x

Rest score = total - item (Moodle's "other marks"). Sums of squares below are about the mean;
Moodle divides every variance and covariance by n - 1 = 4, which cancels in each ratio.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from stratkit.instructor.reports.statistics import (cronbach_alpha, discrimination_index, discriminative_efficiency, facility,
                                         item_table, point_biserial)

from tests.conftest import DATA

MAX = {"i1": 2.0, "i2": 1.0, "i3": 1.0}


@pytest.fixture
def book() -> pd.DataFrame:
    return pd.read_csv(DATA / "gradebook_small.csv", index_col="student")


@pytest.fixture
def scores(book) -> pd.DataFrame:
    return book[["i1", "i2", "i3"]]


def test_facility_is_mean_over_max(scores):
    # i1: (2+2+1+0+0)/5 = 1.0 of 2 -> 0.5; i2: 3/5 = 0.6; i3: 2/5 = 0.4
    assert facility(scores, MAX).to_dict() == pytest.approx({"i1": 0.5, "i2": 0.6, "i3": 0.4})


def test_discrimination_index_is_item_rest_correlation_times_100(scores):
    # i1: x = 2 2 1 0 0 (mean 1), rest = 2 1 1 1 0 (mean 1)
    #     dx = 1 1 0 -1 -1, dy = 1 0 0 0 -1: Sxy = 2, Sxx = 4, Syy = 2 -> r = 2/sqrt(8) = 0.70711
    # i2: x = 1 0 1 1 0 (mean .6), rest = 3 3 1 0 0 (mean 1.4)
    #     dx = .4 -.6 .4 .4 -.6, dy = 1.6 1.6 -.4 -1.4 -1.4
    #     Sxy = .64 - .96 - .16 - .56 + .84 = -0.2, Sxx = 1.2, Syy = 9.2 -> r = -0.2/sqrt(11.04) = -0.060193
    # i3: x = 1 1 0 0 0 (mean .4), rest = 3 2 2 1 0 (mean 1.6)
    #     dx = .6 .6 -.4 -.4 -.4, dy = 1.4 .4 .4 -.6 -1.6
    #     Sxy = .84 + .24 - .16 + .24 + .64 = 1.8, Sxx = 1.2, Syy = 5.2 -> r = 1.8/sqrt(6.24) = 0.720577
    result = discrimination_index(scores)
    assert result["i1"] == pytest.approx(70.7107, abs=1e-4)
    assert result["i2"] == pytest.approx(-6.0193, abs=1e-4)
    assert result["i3"] == pytest.approx(72.0577, abs=1e-4)


def test_discriminative_efficiency_divides_by_the_sorted_covariance(scores):
    # cov_max pairs both columns sorted ascending:
    # i1: x 0 0 1 2 2 -> dev -1 -1 0 1 1; rest 0 1 1 1 2 -> dev -1 0 0 0 1; sum = 2 = Sxy -> 100
    # i2: x 0 0 1 1 1 -> dev -.6 -.6 .4 .4 .4; rest 0 0 1 3 3 -> dev -1.4 -1.4 -.4 1.6 1.6
    #     sum = .84 + .84 - .16 + .64 + .64 = 2.8 -> 100 x -0.2/2.8 = -7.142857
    # i3: x 0 0 0 1 1 -> dev -.4 -.4 -.4 .6 .6; rest 0 1 2 2 3 -> dev -1.6 -.6 .4 .4 1.4
    #     sum = .64 + .24 - .16 + .24 + .84 = 1.8 = Sxy -> 100
    result = discriminative_efficiency(scores)
    assert result["i1"] == pytest.approx(100.0)
    assert result["i2"] == pytest.approx(-7.142857, abs=1e-6)
    assert result["i3"] == pytest.approx(100.0)


def test_cronbach_alpha(scores):
    # item variances (n-1): i1 4/4 = 1.0, i2 1.2/4 = 0.3, i3 1.2/4 = 0.3; sum 1.6
    # totals 4 3 2 1 0: variance 10/4 = 2.5
    # alpha = 3/2 x (1 - 1.6/2.5) = 1.5 x 0.36 = 0.54
    assert cronbach_alpha(scores) == pytest.approx(0.54)


def test_point_biserial_of_a_wrong_choice_as_canvas(book, scores):
    totals = scores.sum(axis=1)
    chose = book["i2_choice"] == "wrong-x"
    # chose wrong-x: B (3) and E (0): M_p = 1.5; others A C D: (4+2+1)/3 = 7/3
    # S = population sd of 4 3 2 1 0 = sqrt(10/5) = sqrt(2); p = 2/5
    # r = (1.5 - 7/3)/sqrt(2) x sqrt(.4 x .6) = -0.589256 x 0.489898 = -0.288675 (= -1/(2 sqrt 3))
    assert point_biserial(chose, totals) == pytest.approx(-1 / (2 * math.sqrt(3)))
    # Canvas leaves blanks out: if E had not answered i2, respondents are A B C D (totals 4 3 2 1),
    # only B chose wrong-x: M_p = 3, M_q = 7/3, S = sqrt(1.25), p = 1/4
    # r = (2/3)/1.118034 x sqrt(3/16) = 0.596285 x 0.433013 = 0.258199 (= 1/sqrt 15)
    answered = pd.Series([True, True, True, True, False], index=scores.index)
    assert point_biserial(chose, totals, answered) == pytest.approx(1 / math.sqrt(15))


def test_undefined_statistics_are_nan_not_errors():
    same = pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [0.0, 1.0, 1.0]})
    assert math.isnan(discrimination_index(same)["a"])  # no variance in a
    assert math.isnan(discriminative_efficiency(same)["a"])
    assert math.isnan(cronbach_alpha(same[["a"]]))  # one item
    everyone = pd.Series([True, True, True])
    assert math.isnan(point_biserial(everyone, pd.Series([1.0, 2.0, 3.0])))


def test_item_table_gathers_every_column(scores):
    table = item_table(scores, MAX)
    assert list(table.columns) == ["n", "mean", "max_points", "sd", "facility", "discrimination_index",
                                   "discriminative_efficiency"]
    assert table.loc["i1", "n"] == 5 and table.loc["i1", "mean"] == pytest.approx(1.0)
    assert table.loc["i3", "discrimination_index"] == pytest.approx(72.0577, abs=1e-4)
