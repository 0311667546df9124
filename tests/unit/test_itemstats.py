"""Item analysis (quizapp.core.itemstats): figures worked by hand, Moodle's formulas written
out again independently and compared on generated score matrices, properties, and which
attempts are analysed.

The formulas are those of https://docs.moodle.org/dev/Quiz_statistics_calculations as
Moodle's code computes them (mod/quiz/report/statistics/classes/calculator.php for the
test, question/classes/statistics/questions/calculator.php for each question).
"""

from __future__ import annotations

import dataclasses
import math
import random
import statistics
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.itemstats import (
    FLAG_MIN_ATTEMPTS,
    AttemptScores,
    Flag,
    ItemAnalysis,
    QuestionInfo,
    QuizStats,
    Which,
    analyse,
    random_guess,
    select_attempts,
    strongest_third,
)

SETTINGS = settings(max_examples=200, deadline=None)
approx = pytest.approx


def attempts_of(matrix: Sequence[Sequence[float | None]], *, qids: Sequence[str] = (),
                picks: Sequence[dict[str, str | Sequence[str]]] = ()) -> list[AttemptScores]:
    """One first attempt per row, by learner "L<row>"; None in a cell: question not drawn."""
    qids = list(qids) or [f"q{j + 1}" for j in range(len(matrix[0]) if matrix else 0)]
    return [
        AttemptScores(attempt_id=i, learner_id=f"L{i}", attempt_number=1,
                      scores={q: float(v) for q, v in zip(qids, row, strict=True) if v is not None},
                      picks=picks[i] if picks else {})
        for i, row in enumerate(matrix)
    ]


def floats_in(value: object) -> list[float]:
    """Every float anywhere inside a report (to check none is NaN)."""
    if isinstance(value, float):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f for fld in dataclasses.fields(value) for f in floats_in(getattr(value, fld.name))]
    if isinstance(value, tuple | list):
        return [f for item in value for f in floats_in(item)]
    return []


# --- (a) a small example worked by hand --------------------------------------------------
#
#            q1 q2 q3 | T   percent
#   A         1  1  1 | 3   100
#   B         1  1  0 | 2    66.67
#   C         1  0  1 | 2    66.67
#   D         0  1  0 | 1    33.33
#   E         0  0  0 | 0     0
#
# Every max mark is 1, so marks = scores and each attempt's maximum is 3.
HAND = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]
HAND_PICKS: list[dict[str, str | Sequence[str]]] = [
    {"q1": "a"}, {"q1": "a"}, {"q1": "a"}, {"q1": "b"}, {"q1": "c"}]
HAND_INFO = [QuestionInfo("q1", "mcq", ("a", "b", "c", "d"), ("a",)),
             QuestionInfo("q2", "short"), QuestionInfo("q3", "short")]


@pytest.fixture
def hand() -> ItemAnalysis:
    return analyse(attempts_of(HAND, picks=HAND_PICKS), HAND_INFO)


def test_hand_test_figures(hand: ItemAnalysis) -> None:
    quiz = hand.quiz
    assert quiz.attempts == 5
    # mean T = (3+2+2+1+0)/5 = 1.6 -> 1.6/3 = 53.33 %; median T = 2 -> 66.67 %
    assert quiz.mean == approx(160 / 3)
    assert quiz.median == approx(200 / 3)
    # deviations of T: 1.4, .4, .4, -.6, -1.6; squares 1.96+.16+.16+.36+2.56 = 5.2
    # V(T) = k2 = 5.2/4 = 1.3; SD = sqrt(1.3) = 1.14018 marks = 38.006 %
    assert quiz.standard_deviation == approx(100 * math.sqrt(1.3) / 3)
    # m2 = 5.2/5 = 1.04; m3 = (2.744+.064+.064-.216-4.096)/5 = -.288
    # k3 = 25 * -.288 / (4*3) = -.6; skewness = -.6 / 1.3^1.5 = -0.40480
    assert quiz.skewness == approx(-0.6 / 1.3**1.5)
    # m4 = (3.8416+.0256+.0256+.1296+6.5536)/5 = 2.1152
    # k4 = 25 * (6*2.1152 - 3*4*1.04^2) / (4*3*2) = 25 * -.288 / 24 = -.3
    # kurtosis = -.3 / 1.3^2 = -0.17751
    assert quiz.kurtosis == approx(-0.3 / 1.69)
    # V(q1) = V(q2) = V(q3) = (3*.4^2 + 2*.6^2)/4 = 1.2/4 = .3; sum .9
    # CIC = 100 * 3/2 * (1 - .9/1.3) = 46.15 %
    assert quiz.cic == approx(100 * 1.5 * (1 - 0.9 / 1.3))
    # error ratio = 100 sqrt(1 - .4615) = 73.38 %; SE = 73.38 % of SD = 27.89 %
    assert quiz.error_ratio == approx(100 * math.sqrt(1 - 1.5 * (1 - 0.9 / 1.3)))
    assert quiz.error_ratio is not None and quiz.standard_deviation is not None
    assert quiz.standard_error == approx(quiz.error_ratio * quiz.standard_deviation / 100)
    assert quiz.standard_error == approx(27.8887, abs=1e-4)


def test_hand_question_figures(hand: ItemAnalysis) -> None:
    q1, q2, q3 = hand.questions
    # q1: x = 1 1 1 0 0, mean .6 -> facility 60; SD sqrt(.3) = 54.77 %
    assert (q1.count, q1.facility) == (5, approx(60))
    assert q1.standard_deviation == approx(100 * math.sqrt(0.3))
    # rest X = T - x = 2 1 1 1 0, mean 1, V(X) = (1+0+0+0+1)/4 = .5
    # C(x, X) = (.4*1 + .4*0 + .4*0 + -.6*0 + -.6*-1)/4 = 1/4 = .25
    # D = 100 * .25 / sqrt(.3 * .5) = 64.55 %
    assert q1.discrimination == approx(100 * 0.25 / math.sqrt(0.15))
    # sorted x devs -.6 -.6 .4 .4 .4, sorted X devs -1 0 0 0 1: Cmax = (.6+.4)/4 = .25
    # DE = 100 * .25/.25 = 100 %
    assert q1.discriminative_efficiency == approx(100)
    # q2: x = 1 1 0 1 0 (facility 60), X = 2 1 2 0 0 (mean 1, V = 4/4 = 1)
    # C = (.4*1 + .4*0 + -.6*1 + .4*-1 + -.6*-1)/4 = 0 -> D = 0, DE = 0
    assert q2.discrimination == approx(0, abs=1e-9)
    assert q2.discriminative_efficiency == approx(0, abs=1e-9)
    # q3: x = 1 0 1 0 0 (facility 40), X = 2 2 1 1 0 (mean 1.2, V = 2.8/4 = .7)
    # C = (.6*.8 - .4*.8 + .6*-.2 - .4*-.2 - .4*-1.2)/4 = .6/4 = .15
    # D = 100 * .15 / sqrt(.3*.7) = 32.73 %
    assert q3.facility == approx(40)
    assert q3.discrimination == approx(100 * 0.15 / math.sqrt(0.21))
    # sorted x devs -.4 -.4 -.4 .6 .6, sorted X devs -1.2 -.2 -.2 .8 .8
    # Cmax = (.48+.08+.08+.48+.48)/4 = .4 -> DE = .15/.4 = 37.5 %
    assert q3.discriminative_efficiency == approx(37.5)


def test_hand_weights(hand: ItemAnalysis) -> None:
    # C(x_i, T): q1 (.56+.16+.16+.36+.96)/4 = .55, q2 1.2/4 = .3, q3 1.8/4 = .45 (sum 1.3 = V(T))
    roots = [math.sqrt(0.55), math.sqrt(0.3), math.sqrt(0.45)]
    for q, root in zip(hand.questions, roots, strict=True):
        assert q.effective_weight == approx(100 * root / sum(roots))  # 37.83, 27.94, 34.22
        assert q.intended_weight == approx(100 / 3)


def test_hand_distractors_and_flags(hand: ItemAnalysis) -> None:
    q1, q2, q3 = hand.questions
    # q1 picks a a a b c: a is the key, d nobody's
    table = {c.choice: c for c in q1.choices}
    assert [c.choice for c in q1.choices] == ["a", "b", "c", "d"]
    assert [(c.count, c.share, c.is_key) for c in q1.choices] == [
        (3, 60.0, True), (1, 20.0, False), (1, 20.0, False), (0, 0.0, False)]
    # strongest third of q1 by rest X = 2 1 1 1 0: ceil(5/3) = 2, cut at 1, ties in: A B C D
    assert (table["a"].top_third_count, table["b"].top_third_count) == (3, 1)
    assert table["d"].flags == (Flag.UNUSED_DISTRACTOR,)
    assert q1.random_guess == 25.0 and q1.flags == (Flag.UNUSED_DISTRACTOR,)
    # q2: D = 0 (< 20, weak) and DE = 0 (< 15, Moodle's "dubious")
    assert q2.flags == (Flag.WEAK_DISCRIMINATION, Flag.LOW_EFFICIENCY)
    assert q3.flags == () and q2.choices == () and q3.random_guess == 0.0


def test_a_reversed_key_is_suspect() -> None:
    # q4 = 1 - q1 = 0 0 0 1 1 against rest 3 2 2 1 0 + ...: the weak get it right
    matrix = [row + [1 - row[0]] for row in HAND]
    q4 = analyse(attempts_of(matrix)).question("q4")
    assert q4.discrimination is not None and q4.discrimination < 0
    assert Flag.KEY_SUSPECT in q4.flags and Flag.LOW_EFFICIENCY not in q4.flags


# --- (b) against Moodle's formulas, written out again independently -----------------------

QUARTERS = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])  # exact in binary: sums are exact


@st.composite
def matrices(draw: st.DrawFn, *, min_rows: int = 0) -> list[list[float]]:
    p = draw(st.integers(1, 6))
    return draw(st.lists(st.lists(QUARTERS, min_size=p, max_size=p), min_size=min_rows,
                         max_size=30))


def ref_correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """D = 100 r(x, X): Pearson's product-moment correlation, from the statistics module."""
    try:
        return 100 * statistics.correlation(x, y)
    except statistics.StatisticsError:  # fewer than two values, or a constant input
        return None


def ref_efficiency(x: Sequence[float], y: Sequence[float]) -> float | None:
    """DE = 100 C(x, X) / Cmax(x, X), Cmax pairing both sorted in the same order."""
    if len(x) < 2 or statistics.covariance(sorted(x), sorted(y)) == 0:
        return None
    return 100 * statistics.covariance(x, y) / statistics.covariance(sorted(x), sorted(y))


def ref_moments(t: Sequence[float]) -> tuple[float | None, float | None]:
    """Skewness k3 / k2^(3/2) and kurtosis k4 / k2^2 from the doc's k-statistics."""
    s = len(t)
    if s < 3:
        return None, None
    avg = sum(t) / s
    m2, m3, m4 = (sum((v - avg) ** k for v in t) / s for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    if k2 == 0:
        return None, None
    k3 = s**2 * m3 / ((s - 1) * (s - 2))
    if s < 4:
        return k3 / k2**1.5, None
    k4 = s**2 * ((s + 1) * m4 - 3 * (s - 1) * m2**2) / ((s - 1) * (s - 2) * (s - 3))
    return k3 / k2**1.5, k4 / k2**2


@SETTINGS
def near(value: float, **_: float) -> object:
    """Equal but for float noise: figures in percent, to a millionth of a point."""
    return approx(value, rel=1e-6, abs=1e-6)


@given(matrices())
def test_matches_moodle_formulas_on_complete_matrices(matrix: list[list[float]]) -> None:
    report = analyse(attempts_of(matrix))
    s = len(matrix)
    p = len(matrix[0]) if matrix else 0
    totals = [sum(row) for row in matrix]
    percents = [100 * t / p for t in totals]
    quiz = report.quiz
    assert quiz.attempts == s
    if s == 0:
        assert quiz == QuizStats(0, None, None, None, None, None, None, None, None)
        return
    assert quiz.mean == near(statistics.fmean(percents))
    assert quiz.median == near(statistics.median(percents))
    if s > 1:
        assert quiz.standard_deviation == near(statistics.stdev(percents))
    skew, kurt = ref_moments(percents)
    assert quiz.skewness == (None if skew is None else near(skew))
    assert quiz.kurtosis == (None if kurt is None else near(kurt))
    # CIC = 100 P/(P-1) (1 - sum V(x_i) / V(T)), computed when s > 2, P > 1 and V(T) > 0
    if s > 2 and p > 1 and statistics.variance(totals) > 0:
        item_vars = sum(statistics.variance(col) for col in zip(*matrix, strict=True))
        cic = 100 * p / (p - 1) * (1 - item_vars / statistics.variance(totals))
        assert quiz.cic == near(cic)
        assert quiz.error_ratio == near(100 * math.sqrt(max(0, 1 - cic / 100)), abs=1e-6)
    else:
        assert quiz.cic is None and quiz.error_ratio is None and quiz.standard_error is None
    covs = []
    for j, q in enumerate(report.questions):
        x = [row[j] for row in matrix]
        rest = [t - v for t, v in zip(totals, x, strict=True)]
        assert q.count == s
        assert q.facility == near(100 * statistics.fmean(x))
        assert q.intended_weight == near(100 / p)
        expected_di, expected_de = ref_correlation(x, rest), ref_efficiency(x, rest)
        assert q.discrimination == (None if expected_di is None else near(expected_di, abs=1e-6))
        assert q.discriminative_efficiency == (
            None if expected_de is None else near(expected_de, abs=1e-6))
        if s > 1:
            assert q.standard_deviation == near(100 * statistics.stdev(x))
            covs.append(statistics.covariance(x, totals))
    # EW_i = 100 sqrt(C(x_i, T)) / sum_j sqrt(C(x_j, T)), over C >= 0; None when C < 0
    # (a covariance within float noise of 0, |C| < 1e-12, counts as 0, as the module says)
    covs = [0.0 if abs(c) < 1e-12 else c for c in covs]
    roots = [math.sqrt(c) for c in covs if c >= 0]
    if s < 2:
        assert all(q.effective_weight is None for q in report.questions)
    for q, c in zip(report.questions if s > 1 else (), covs, strict=True):
        if c < 0 or sum(roots) <= 1e-12:
            assert q.effective_weight is None
        else:
            assert q.effective_weight == near(100 * math.sqrt(c) / sum(roots))


@SETTINGS
@given(matrices(min_rows=1), st.randoms(use_true_random=False))
def test_random_draws_use_the_attempts_that_had_the_question(
        matrix: list[list[float]], rnd: random.Random) -> None:
    drawn: list[list[float | None]] = [[v if rnd.random() < 0.7 else None for v in row]
                                       for row in matrix]
    report = analyse(attempts_of(drawn))
    for q in report.questions:
        j = int(q.question_id[1:]) - 1
        having = [row for row in drawn if row[j] is not None]
        x = [float(row[j]) for row in having]  # type: ignore[arg-type]
        rest = [sum(v for k, v in enumerate(row) if k != j and v is not None) for row in having]
        assert q.count == len(having) > 0
        assert q.facility == near(100 * statistics.fmean(x))
        expected = ref_correlation(x, rest)
        assert q.discrimination == (None if expected is None else near(expected))
    layouts = {tuple(v is None for v in row) for row in drawn}
    if len(layouts) > 1:
        assert report.quiz.cic is None  # no single P: Cronbach's alpha needs a full matrix


# --- (c) properties ----------------------------------------------------------------------


@SETTINGS
@given(matrices(), st.randoms(use_true_random=False))
def test_ranges_no_nan_and_order_does_not_matter(matrix: list[list[float]],
                                                  rnd: random.Random) -> None:
    attempts = attempts_of(matrix)
    report = analyse(attempts)
    assert not any(math.isnan(f) or math.isinf(f) for f in floats_in(report))
    for q in report.questions:
        assert q.facility is None or 0 <= q.facility <= 100
        assert q.discrimination is None or -100 <= q.discrimination <= 100
        assert q.discriminative_efficiency is None or q.discriminative_efficiency <= 100
    weights = [q.effective_weight for q in report.questions if q.effective_weight is not None]
    assert not weights or sum(weights) == near(100)
    shuffled = attempts[:]
    rnd.shuffle(shuffled)
    assert analyse(shuffled) == report


def test_a_question_everyone_gets_right() -> None:
    matrix = [[1, row[0], row[1]] for row in HAND]
    q = analyse(attempts_of(matrix)).question("q1")
    assert (q.facility, q.standard_deviation) == (100.0, 0.0)
    assert q.discrimination is None and q.discriminative_efficiency is None
    assert q.effective_weight == 0.0 and Flag.TOO_EASY in q.flags


@SETTINGS
@given(st.lists(st.lists(QUARTERS, min_size=3, max_size=3), min_size=3, max_size=30))
def test_scoring_the_rest_of_test_rank_discriminates(others: list[list[float]]) -> None:
    rest = [sum(row) for row in others]
    if len(set(rest)) < 2:
        return
    ranks = [sum(r < v for r in rest) + (sum(r == v for r in rest) - 1) / 2 for v in rest]
    matrix = [[rank / (len(rest) - 1), *row] for rank, row in zip(ranks, others, strict=True)]
    q = analyse(attempts_of(matrix)).question("q1")
    assert q.discriminative_efficiency == near(100)  # x rises exactly with X
    # Pearson's r between a score and its own rank is positive but can be well under 1
    # for a skewed spread (one learner far below a cluster: 79.6 was found), so only the
    # efficiency, which divides by the best r these marks allow, is exactly 100.
    assert q.discrimination is not None and 0 < q.discrimination <= 100 + 1e-9


@SETTINGS
@given(matrices(min_rows=2), st.data())
def test_reversing_a_key_negates_discrimination(matrix: list[list[float]],
                                                data: st.DataObject) -> None:
    j = data.draw(st.integers(0, len(matrix[0]) - 1))
    flipped = [[1 - v if k == j else v for k, v in enumerate(row)] for row in matrix]
    before = analyse(attempts_of(matrix)).questions[j]
    after = analyse(attempts_of(flipped)).questions[j]
    assert after.facility == near(100 - before.facility)  # type: ignore[operator]
    if before.discrimination is None:
        assert after.discrimination is None
    else:
        assert after.discrimination == near(-before.discrimination, abs=1e-9)


def test_empty_single_and_constant_inputs_give_none_not_nan() -> None:
    empty = analyse([], [QuestionInfo("q1", "mcq", ("a", "b"), ("a",))])
    assert empty.quiz == QuizStats(0, None, None, None, None, None, None, None, None)
    assert empty.questions[0].count == 0 and empty.questions[0].facility is None
    one = analyse(attempts_of([[1, 0]]))
    assert (one.quiz.mean, one.quiz.median, one.quiz.standard_deviation) == (50.0, 50.0, None)
    assert one.questions[0].discrimination is None and one.questions[0].standard_deviation is None
    same = analyse(attempts_of([[0.5, 0.5]] * 6))
    assert same.quiz.standard_deviation == 0.0 and same.quiz.skewness is None
    assert same.quiz.cic is None and all(q.discrimination is None for q in same.questions)
    assert not any(math.isnan(f) for r in (empty, one, same) for f in floats_in(r))


@pytest.mark.parametrize("bad", [float("nan"), -0.1, 1.5, float("inf")])
def test_invalid_scores_are_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        analyse(attempts_of([[bad]]))


def test_random_guess_scores() -> None:
    assert random_guess(QuestionInfo("q", "mcq", ("a", "b", "c", "d"), ("a",))) == 25.0
    assert random_guess(QuestionInfo("q", "true_false", ("true", "false"), ("true",))) == 50.0
    assert random_guess(QuestionInfo("q", "multi", ("a", "b", "c"), ("a", "b"))) is None
    assert random_guess(QuestionInfo("q", "numeric")) == 0.0
    assert random_guess(None) is None


def test_distractor_the_strongest_prefer_and_multi_picks() -> None:
    # q1 key a; the three best on q2..q4 pick b, the three weakest a. Rest of test for q1
    # (q2..q5) = 3.5 3.5 2.5 1.5 .5 .5: the strongest third, ceil(6/3) = 2, is the first two
    others = [[1, 1, 1], [1, 1, 1], [1, 1, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]
    picks: list[dict[str, str | Sequence[str]]] = [
        {"q1": "b", "q5": ["x", "y"]}, {"q1": "b", "q5": ["x"]}, {"q1": "b"},
        {"q1": "a", "q5": "z"}, {"q1": "a", "q5": ["x", "y", "w"]}, {"q1": "a"}]
    matrix = [[1 if p["q1"] == "a" else 0, *row, 0.5] for p, row in zip(picks, others, strict=True)]
    info = [QuestionInfo("q1", "mcq", ("a", "b", "c"), ("a",)),
            QuestionInfo("q5", "multi", ("x", "y", "z"), ("x", "y"))]
    report = analyse(attempts_of(matrix, qids=["q1", "q2", "q3", "q4", "q5"], picks=picks), info)
    q1, q5 = report.question("q1"), report.question("q5")
    b = q1.choices[1]
    assert (b.choice, b.top_third_count, b.flags) == ("b", 2, (Flag.DISTRACTOR_BEATS_KEY,))
    assert q1.choices[0].top_third_count == 0
    assert Flag.DISTRACTOR_BEATS_KEY in q1.flags and Flag.KEY_SUSPECT in q1.flags
    assert Flag.UNUSED_DISTRACTOR in q1.flags and Flag.BELOW_CHANCE not in q1.flags
    # multi: shares of the 6 attempts, can add to more than 100; "w" was not a listed choice
    assert [(c.choice, c.count) for c in q5.choices] == [("x", 3), ("y", 2), ("z", 1), ("w", 1)]
    assert q5.no_answer == 2 and q5.random_guess is None


def test_strongest_third_keeps_ties_at_the_cut() -> None:
    assert strongest_third({1: 5.0, 2: 4.0, 3: 4.0, 4: 1.0, 5: 0.0, 6: 0.0}) == {1, 2, 3}
    assert strongest_third({1: 3.0, 2: 2.0, 3: 1.0}) == {1}
    assert strongest_third({}) == set()


def test_flags_wait_for_enough_attempts() -> None:
    few = analyse(attempts_of([[1, 1], [1, 0], [1, 1]][: FLAG_MIN_ATTEMPTS - 1]))
    assert all(q.flags == () for q in few.questions)
    hard = analyse(attempts_of([[0, 1], [0, 0], [0, 1], [0, 0], [0, 1]]),
                   [QuestionInfo("q1", "mcq", ("a", "b"), ("a",))])
    assert {Flag.TOO_HARD, Flag.BELOW_CHANCE} <= set(hard.question("q1").flags)


# --- (d) which attempts are analysed -----------------------------------------------------


def _attempt(aid: str, learner: str, number: int, score: float) -> AttemptScores:
    return AttemptScores(aid, learner, number, {"q1": score, "q2": 1 - score})


LEARNERS = [
    _attempt("L1#1", "L1", 1, 0.0), _attempt("L1#2", "L1", 2, 1.0),
    _attempt("L1#3", "L1", 3, 0.5),
    _attempt("L2#1", "L2", 1, 1.0),
    _attempt("L3#2", "L3", 2, 1.0), _attempt("L3#3", "L3", 3, 1.0),  # attempt 1 unfinished
]


@pytest.mark.parametrize("which, expected", [
    (Which.FIRST, ["L1#1", "L2#1", "L3#2"]),
    (Which.LAST, ["L1#3", "L2#1", "L3#3"]),
    (Which.HIGHEST, ["L1#1", "L2#1", "L3#2"]),  # all totals are 1: ties to the earlier
    (Which.ALL, ["L1#1", "L1#2", "L1#3", "L2#1", "L3#2", "L3#3"]),
    ("all", ["L1#1", "L1#2", "L1#3", "L2#1", "L3#2", "L3#3"]),
])
def test_select_attempts(which: Which | str, expected: list[str]) -> None:
    assert [a.attempt_id for a in select_attempts(LEARNERS, which)] == expected
    assert [a.attempt_id for a in select_attempts(LEARNERS[::-1], which)] == expected[::-1]


def test_highest_picks_the_best_total() -> None:
    tries = [AttemptScores("a", "L", 1, {"q1": 0.0, "q2": 0.5}),
             AttemptScores("b", "L", 2, {"q1": 1.0, "q2": 0.5}),
             AttemptScores("c", "L", 3, {"q1": 1.0, "q2": 0.0})]
    assert [a.attempt_id for a in select_attempts(tries, "highest")] == ["b"]


def test_first_attempts_only_by_default() -> None:
    report = analyse(LEARNERS)
    assert report.which is Which.FIRST and report.quiz.attempts == 3
    assert report.question("q1").facility == near(200 / 3)  # 0, 1 and 1 on first tries
    assert analyse(LEARNERS, which=Which.ALL).quiz.attempts == 6
    with pytest.raises(ValueError):
        analyse(LEARNERS, which="best")


def test_a_covariance_that_is_zero_but_for_float_noise_weighs_zero() -> None:
    """Found by hypothesis: question 4's covariance with the total is -1e-17 in one sum
    order and +1e-17 in another; both are 0, and its effective weight is 0, not None."""
    matrix = [[0.0, 0.0, 0.0, 0.25, 0.75], [0.0, 0.0, 0.0, 0.5, 0.0],
              [0.0, 0.0, 0.0, 0.75, 0.0], [0.0, 0.0, 0.0, 0.75, 0.0],
              [0.0, 0.0, 0.5, 0.75, 1.0], [0.0, 0.5, 1.0, 0.5, 1.0]]
    attempts = [AttemptScores(i, i, 1, {f"q{j}": v for j, v in enumerate(row)})
                for i, row in enumerate(matrix)]
    report = analyse(attempts)
    weights = [q.effective_weight for q in report.questions]
    assert all(w is None or 0 <= w <= 100 for w in weights)
    assert sum(w for w in weights if w is not None) == near(100)
