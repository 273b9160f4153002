"""Criterion weights from an analyst's judgments: rank order, swing points, AHP pairwise comparisons.

Pure functions (no I/O). Every user mistake raises `UsageError` naming `where` (a file or a
command) and the key that is wrong (`order[2]`, `points.us_cost`, `matrix[2][0]`). Weights come
back as `{criterion id: weight}`, non-negative and summing to 1.

Sources:
- ROC: Barron & Barrett, "Decision quality using ranked attribute weights", Management Science
  42(11) (1996) 1515–1523.
- Rank-sum and rank-reciprocal: Stillwell, Seaver & Edwards, "A comparison of weight
  approximation techniques in multiattribute utility decision making", Organizational Behavior
  and Human Performance 28(1) (1981) 62–77.
- Swing weights: von Winterfeldt & Edwards, *Decision Analysis and Behavioral Research*
  (Cambridge UP, 1986); interval swing: Mustajoki, Hämäläinen & Salo, "Decision support by
  interval SMART/SWING", Decision Sciences 36(2) (2005) 317–339.
- AHP: Saaty, "A scaling method for priorities in hierarchical structures", J. Math. Psych.
  15 (1977) 234–281; Saaty, *The Analytic Hierarchy Process* (McGraw-Hill, 1980).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import Problem, UsageError
from ..model.profile_writer import RANK_METHODS

# Saaty's random index RI(n): the mean consistency index of random reciprocal matrices on the
# 1/9..9 scale, n = 1..10 (Saaty 1980; reproduced e.g. in Saaty, "The analytic hierarchy
# process—what it is and how it is used", Math. Modelling 9 (1987) 161–176).
SAATY_RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CR_LIMIT = 0.10  # Saaty's rule of thumb: revise the judgments when CR exceeds 10 %
SCALE_MIN, SCALE_MAX = 1.0 / 9.0, 9.0  # Saaty's fundamental scale and its reciprocals
RECIPROCAL_TOL = 1e-6  # relative: a_ij · a_ji may differ from 1 by this much
_CONSISTENT = 1e-9  # a pair whose deviation is below this is taken as perfectly consistent
_RATIO = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?)\s*/\s*([0-9]+(?:\.[0-9]*)?)\s*$")


# --------------------------------------------------------------------------- rank order


def rank_order_weights(
    order: Sequence[str | Sequence[str]], method: str = "roc", where: str = "rank-order"
) -> dict[str, float]:
    """Weights from a most-to-least important order of criteria.

    `order[k]` is the criterion at rank k+1. A tie is one item naming several criteria, either
    `"a=b"` or `("a", "b")`; tied criteria share the positions they occupy and each gets the mean
    of those positions' weights (so the weights still sum to 1 and stay non-increasing). With
    n criteria and rank k = 1..n:

    - `roc` (rank order centroid, Barron & Barrett 1996):  w_k = (1/n) Σ_{i=k}^{n} 1/i
    - `rank-sum` (Stillwell et al. 1981):                w_k = 2(n + 1 − k) / (n(n + 1))
    - `rank-reciprocal` (Stillwell et al. 1981):         w_k = (1/k) / Σ_{i=1}^{n} 1/i

    Computed in exact rational arithmetic, so ROC for three criteria is exactly
    (11/18, 5/18, 2/18) as floats.
    """
    if method not in RANK_METHODS:
        raise UsageError.at(where, "method", f"unknown {method!r}; expected one of {', '.join(RANK_METHODS)}")
    groups = _rank_groups(order, where)
    n = sum(len(g) for g in groups)
    position = _position_weights(n, method)
    weights: dict[str, float] = {}
    start = 0
    for group in groups:
        share = sum(position[start : start + len(group)], Fraction(0)) / len(group)
        weights.update({cid: float(share) for cid in group})
        start += len(group)
    return weights


def _rank_groups(order: Sequence[str | Sequence[str]], where: str) -> list[tuple[str, ...]]:
    if isinstance(order, str) or not isinstance(order, Sequence) or not order:
        raise UsageError.at(where, "order", "give at least one criterion, most important first")
    seen: dict[Any, Any]
    groups, seen, problems = [], {}, []
    for k, item in enumerate(order):
        key = f"order[{k}]"
        names = tuple(item.split("=")) if isinstance(item, str) else tuple(item)
        names = tuple(str(x).strip() for x in names)
        if not names or any(not x for x in names):
            problems.append(Problem(where, key, f"empty criterion name in {item!r}"))
            continue
        for cid in names:
            if cid in seen:
                problems.append(Problem(where, key, f"{cid!r} is already ranked at {seen[cid]}"))
            seen.setdefault(cid, key)
        groups.append(names)
    if problems:
        raise UsageError(problems)
    return groups


def _position_weights(n: int, method: str) -> list[Fraction]:
    """(n,) exact weights of ranks 1..n under `method` (formulas in `rank_order_weights`)."""
    harmonic = [Fraction(1, i) for i in range(1, n + 1)]
    if method == "roc":
        return [sum(harmonic[k:], Fraction(0)) / n for k in range(n)]
    if method == "rank-sum":
        return [Fraction(2 * (n - k), n * (n + 1)) for k in range(n)]  # k is rank − 1
    total = sum(harmonic, Fraction(0))
    return [h / total for h in harmonic]


# --------------------------------------------------------------------------- swing


def swing_weights(points: Mapping[str, Any], where: str = "swing") -> dict[str, float]:
    """Normalized swing weights w_j = p_j / Σ_k p_k (von Winterfeldt & Edwards 1986).

    `points[j]` is the value of swinging criterion j from worst to best, usually 100 for the
    most valued swing. A `[low, high]` pair is an interval judgment; its midpoint is the point.
    Points must be finite, ≥ 0 and not all zero.
    """
    boxes = _swing_boxes(points, where)
    mid = {cid: lo + hi for cid, (lo, hi) in boxes.items()}  # twice the midpoint: halving can underflow
    total = math.fsum(mid.values())
    if total <= 0:
        raise UsageError.at(where, "points", "all swing points are zero; at least one must be positive")
    return {cid: p / total for cid, p in mid.items()}


def swing_weight_ranges(points: Mapping[str, Any], where: str = "swing") -> dict[str, tuple[float, float]]:
    """Bounds of each normalized weight w_j = p_j / Σ p over the box low ≤ p ≤ high of points.

    w_j rises with p_j and falls with every other p_k, so (Mustajoki et al. 2005, interval SWING)

        min w_j = low_j  / (low_j  + Σ_{k≠j} high_k)
        max w_j = high_j / (high_j + Σ_{k≠j} low_k)

    A plain number is the interval [p, p]. The bounds are in normalized weight units, ready for
    `weight_range` in weights.toml, and always contain the midpoint weights of `swing_weights`.
    """
    boxes = _swing_boxes(points, where)
    low = {cid: b[0] for cid, b in boxes.items()}
    high = {cid: b[1] for cid, b in boxes.items()}
    if math.fsum(high.values()) <= 0:
        raise UsageError.at(where, "points", "all swing points are zero; at least one must be positive")
    sum_low, sum_high = math.fsum(low.values()), math.fsum(high.values())
    ranges = {}
    for cid in boxes:
        others_high = sum_high - high[cid]
        others_low = sum_low - low[cid]
        lo = _ratio(low[cid], low[cid] + others_high, empty=1.0)
        hi = _ratio(high[cid], high[cid] + others_low, empty=1.0)
        ranges[cid] = (lo, hi)
    return ranges


def _ratio(num: float, den: float, empty: float) -> float:
    # den == 0 only when this criterion is the only one that can be positive: its weight is 1
    # wherever the weights are defined (num == 0 then means the criterion itself is always 0).
    if den <= 0:
        return empty if num >= 0 else 0.0
    return num / den


def _swing_boxes(points: Mapping[str, Any], where: str) -> dict[str, tuple[float, float]]:
    if not isinstance(points, Mapping) or not points:
        raise UsageError.at(where, "points", "give at least one criterion = points")
    boxes, problems = {}, []
    for cid, value in points.items():
        key = f"points.{cid}"
        pair = _low_high(value)
        if pair is None:
            problems.append(Problem(where, key, f"expected a number or [low, high], got {value!r}"))
        elif not all(math.isfinite(x) for x in pair):
            problems.append(Problem(where, key, f"must be finite, got {value!r}"))
        elif min(pair) < 0:
            problems.append(Problem(where, key, f"must not be negative, got {value!r}"))
        elif pair[0] > pair[1]:
            problems.append(Problem(where, key, f"low {pair[0]:g} is above high {pair[1]:g}"))
        else:
            boxes[str(cid)] = pair
    if problems:
        raise UsageError(problems)
    return boxes


def _low_high(value: Any) -> tuple[float, float] | None:
    if _is_number(value):
        return float(value), float(value)
    pair = isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2
    if pair and all(_is_number(x) for x in value):
        return float(value[0]), float(value[1])
    return None


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)


# --------------------------------------------------------------------------- AHP


@dataclass(frozen=True, eq=False)
class AhpResult:
    """AHP priorities of n criteria and the consistency of the judgments behind them.

    matrix: (n, n) the full positive reciprocal judgment matrix used (a_ij = importance of
    criterion i over j). weights: principal right eigenvector, normalized to sum 1.
    ratio_errors: (n, n) Saaty's ε_ij = a_ij · w_j / w_i (all 1 iff perfectly consistent).
    most_inconsistent: (i, j), i < j, the judgment contributing most to λ_max − n, or None.
    """

    criteria: tuple[str, ...]
    matrix: np.ndarray
    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    ratio_errors: np.ndarray
    most_inconsistent: tuple[int, int] | None

    @property
    def acceptable(self) -> bool:
        """Saaty's rule: CR ≤ 0.10."""
        return self.consistency_ratio <= CR_LIMIT

    @property
    def most_inconsistent_ids(self) -> tuple[str, str] | None:
        """The criteria (row, column) of `most_inconsistent`."""
        if self.most_inconsistent is None:
            return None
        i, j = self.most_inconsistent
        return self.criteria[i], self.criteria[j]

    @property
    def implied_judgment(self) -> float | None:
        """w_i / w_j for `most_inconsistent`: the entry that would agree with the weights."""
        if self.most_inconsistent is None:
            return None
        i, j = self.most_inconsistent
        return self.weights[self.criteria[i]] / self.weights[self.criteria[j]]


def ahp(criteria: Sequence[str], matrix: Any, where: str = "ahp") -> AhpResult:
    """Saaty's eigenvector priorities, λ_max, CI = (λ_max − n)/(n − 1) and CR = CI / RI(n).

    `matrix` is either the full (n, n) matrix or only its upper triangle from the diagonal on
    (row i holding the n − i entries a_ii … a_i,n−1); the lower triangle is then filled with
    reciprocals. Entries are numbers or strings "p/q" (TOML has no fractions: write "1/3").
    Checked: shape, every entry finite and positive, diagonal 1, within Saaty's 1/9..9 scale,
    and a_ji = 1/a_ij within a relative 1e-6.

    weights: Perron (principal right) eigenvector of A, Saaty (1977, 1980). RI: Saaty's random
    index, `SAATY_RANDOM_INDEX` (n ≤ 10); CR = 0 for n ≤ 2, where every reciprocal matrix is
    consistent. most_inconsistent: since A w = λ_max w gives
    λ_max − n = (1/n) Σ_{i<j} (ε_ij + 1/ε_ij − 2) with Saaty's ε_ij = a_ij w_j / w_i, the pair
    with the largest ε_ij + 1/ε_ij is the one judgment that adds most to the inconsistency.
    """
    ids = _ahp_criteria(criteria, where)
    a = _judgment_matrix(ids, matrix, where)
    n = len(ids)
    w, lam = _principal_eigen(a)
    ci = max(0.0, (lam - n) / (n - 1)) if n > 1 else 0.0  # λ_max ≥ n; rounding can dip below
    ri = SAATY_RANDOM_INDEX[n - 1]
    cr = ci / ri if n > 2 else 0.0
    eps = a * w[np.newaxis, :] / w[:, np.newaxis]
    return AhpResult(
        criteria=ids,
        matrix=a,
        weights={cid: float(x) for cid, x in zip(ids, w, strict=True)},
        lambda_max=lam,
        consistency_index=ci,
        random_index=ri,
        consistency_ratio=cr,
        ratio_errors=eps,
        most_inconsistent=_worst_pair(eps),
    )


def _ahp_criteria(criteria: Sequence[str], where: str) -> tuple[str, ...]:
    if isinstance(criteria, str) or not isinstance(criteria, Sequence) or not criteria:
        raise UsageError.at(where, "criteria", "give the list of criterion ids the matrix rows refer to")
    ids = tuple(str(c) for c in criteria)
    for k, cid in enumerate(ids):
        if cid in ids[:k]:
            raise UsageError.at(where, f"criteria[{k}]", f"{cid!r} is listed twice")
    if len(ids) > len(SAATY_RANDOM_INDEX):
        raise UsageError.at(
            where,
            "criteria",
            f"{len(ids)} criteria; Saaty's random index (needed for the consistency ratio) is "
            f"tabulated for at most {len(SAATY_RANDOM_INDEX)}",
        )
    return ids


def _judgment_matrix(ids: tuple[str, ...], matrix: Any, where: str) -> np.ndarray:
    """(n, n) float matrix from the user's rows, or UsageError naming every bad entry."""
    n = len(ids)
    rows = matrix.tolist() if isinstance(matrix, np.ndarray) else matrix
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise UsageError.at(where, "matrix", f"expected a list of rows, got {type(matrix).__name__}")
    if len(rows) != n:
        raise UsageError.at(where, "matrix", f"has {len(rows)} rows; criteria lists {n}")
    for i, row in enumerate(rows):
        if isinstance(row, str) or not isinstance(row, Sequence):
            raise UsageError.at(where, f"matrix[{i}]", f"expected a row of numbers, got {row!r}")
    lengths = [len(row) for row in rows]
    triangle = lengths != [n] * n
    if triangle and lengths != [n - i for i in range(n)]:
        i = next(i for i, k in enumerate(lengths) if k != n)
        raise UsageError.at(
            where,
            f"matrix[{i}]",
            f"has {lengths[i]} entries; expected {n} (square matrix) or, for an upper triangle "
            f"from the diagonal, {n - i}",
        )
    a = np.full((n, n), np.nan)
    given = np.zeros((n, n), dtype=bool)
    problems = []
    for i, row in enumerate(rows):
        for k, value in enumerate(row):
            j = i + k if triangle else k
            key = f"matrix[{i}][{k}]"
            x, why = _judgment(value)
            if why is None:
                why = _entry_problem(x, i, j)
            if why is not None:
                problems.append(Problem(where, key, f"{why} ({ids[i]} vs {ids[j]})"))
            else:
                a[i, j], given[i, j] = x, True
    if problems:
        raise UsageError(problems)
    problems = _reciprocity_problems(a, given, ids, where)
    if problems:
        raise UsageError(problems)
    lower = ~given
    a[lower] = 1.0 / a.T[lower]
    return a


def _judgment(value: Any) -> tuple[float, str | None]:
    """A matrix entry as a float, or the reason it is not a number."""
    if _is_number(value):
        return float(value), None
    if isinstance(value, str):
        m = _RATIO.match(value)
        if m and float(m.group(2)) != 0:
            return float(m.group(1)) / float(m.group(2)), None
        try:
            return float(value), None
        except ValueError:
            pass
    return math.nan, f'expected a number or a ratio such as "1/3", got {value!r}'


def _entry_problem(x: float, i: int, j: int) -> str | None:
    if not math.isfinite(x):
        return f"must be a finite number, got {x}"
    if x <= 0:
        return f"must be positive, got {x:g}"
    if i == j:
        return None if abs(x - 1) <= RECIPROCAL_TOL else f"diagonal entries must be 1, got {x:g}"
    if not SCALE_MIN * (1 - RECIPROCAL_TOL) <= x <= SCALE_MAX * (1 + RECIPROCAL_TOL):
        return f"{x:g} is outside Saaty's scale 1/9..9"
    return None


def _reciprocity_problems(
    a: np.ndarray, given: np.ndarray, ids: tuple[str, ...], where: str
) -> list[Problem]:
    problems = []
    n = len(ids)
    for i in range(n):
        for j in range(i + 1, n):
            if given[j, i] and abs(a[i, j] * a[j, i] - 1) > RECIPROCAL_TOL:
                problems.append(
                    Problem(
                        where,
                        f"matrix[{j}][{i}]",
                        f"{a[j, i]:g} is not the reciprocal of matrix[{i}][{j}] = {a[i, j]:g} "
                        f'(expected {1 / a[i, j]:.6g}; write it as a ratio such as "1/3", or give only '
                        f"the upper triangle) ({ids[j]} vs {ids[i]})",
                    )
                )
    return problems


def _principal_eigen(a: np.ndarray) -> tuple[np.ndarray, float]:
    """(n,) Perron eigenvector of a positive matrix, normalized to sum 1, and its eigenvalue."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), float(values[k].real)


def _worst_pair(eps: np.ndarray) -> tuple[int, int] | None:
    """(i, j), i < j, maximizing ε_ij + 1/ε_ij − 2; None when every pair is consistent."""
    deviation = eps + 1.0 / eps - 2.0
    upper = np.triu_indices(eps.shape[0], k=1)
    if upper[0].size == 0:
        return None
    k = int(np.argmax(deviation[upper]))
    if deviation[upper][k] <= _CONSISTENT:
        return None
    return int(upper[0][k]), int(upper[1][k])


# --------------------------------------------------------------------------- weight uncertainty


def ordinal_uncertainty(
    order: Sequence[str | Sequence[str]],
    point_weights: Mapping[str, float] | None = None,
    where: str = "rank-order",
) -> dict[str, str]:
    """The `[weight_uncertainty]` table for a rank order: `{"model": "ordinal"}`.

    The ordinal model samples weights uniformly among those ordered like the model's point
    weights (`criteria.<id>.weight`), not like a profile's. Pass those point weights to check
    that they order the criteria as `order` does (strictly between ranks, equal within a tie);
    a mismatch raises UsageError naming `criteria.<id>.weight`.
    """
    groups = _rank_groups(order, where)
    if point_weights is not None:
        for k, group in enumerate(groups):
            _check_tie(group, point_weights, where)
            for later in groups[k + 1 :]:
                for a in group:
                    for b in later:
                        if not _weight(point_weights, a, where) > _weight(point_weights, b, where):
                            raise UsageError.at(
                                where,
                                f"criteria.{b}.weight",
                                f"the ordinal model orders criteria by their point weights, but "
                                f"{b} ({point_weights[b]:g}) is not below {a} ({point_weights[a]:g}) "
                                f"as the rank order says",
                            )
    return {"model": "ordinal"}


def _check_tie(group: tuple[str, ...], point_weights: Mapping[str, float], where: str) -> None:
    first = _weight(point_weights, group[0], where)
    for cid in group[1:]:
        if not math.isclose(_weight(point_weights, cid, where), first, rel_tol=1e-9, abs_tol=0.0):
            raise UsageError.at(
                where,
                f"criteria.{cid}.weight",
                f"tied with {group[0]} in the rank order but its point weight differs "
                f"({point_weights[cid]:g} vs {first:g}); the ordinal model would impose an order",
            )


def _weight(point_weights: Mapping[str, float], cid: str, where: str) -> float:
    if cid not in point_weights:
        raise UsageError.at(where, f"criteria.{cid}", "not a criterion of the model")
    return float(point_weights[cid])


def interval_uncertainty(
    points: Mapping[str, Any], where: str = "swing"
) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    """The `[weight_uncertainty]` table `{"model": "intervals"}` and each criterion's `weight_range`
    from swing points given as [low, high] (see `swing_weight_ranges`)."""
    return {"model": "intervals"}, swing_weight_ranges(points, where)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Elicited:
    """Weights from one elicitation route with what produced them, ready to print or record.

    `inputs` are the judgments as given (order, points or criteria + matrix); `extra` holds
    what the route adds (AHP: consistency ratio, λ_max, the most inconsistent judgment).
    """

    method: str
    weights: dict[str, float]
    inputs: dict[str, Any]
    extra: dict[str, Any]

    def to_frame(self) -> Any:
        import pandas as pd

        frame = pd.DataFrame({"weight": pd.Series(self.weights)}).rename_axis("criterion")
        return frame.sort_values("weight", ascending=False, kind="stable")

    def to_dict(self) -> dict[str, Any]:
        """The `scenarios weights … --format json` contract: weights, method, inputs, extras."""
        return {"weights": dict(self.weights), "method": self.method, "inputs": self.inputs, **self.extra}


def elicit_rank_order(order: Sequence[str], method: str = "roc", where: str = "rank-order") -> Elicited:
    return Elicited(method, rank_order_weights(order, method, where), {"order": list(order)}, {})


def elicit_swing(points: Mapping[str, Any], where: str = "swing") -> Elicited:
    """Swing weights; when any point is a [low, high] range, also each weight's bounds."""
    weights = swing_weights(points, where)
    extra: dict[str, Any] = {}
    if any(not _is_number(p) for p in points.values()):
        extra["weight_ranges"] = {k: list(v) for k, v in swing_weight_ranges(points, where).items()}
    return Elicited("swing", weights, {"points": dict(points)}, extra)


def elicit_ahp(criteria: Sequence[str], matrix: Any, where: str = "ahp") -> Elicited:
    r = ahp(criteria, matrix, where)
    worst = r.most_inconsistent_ids
    extra = {
        "consistency_ratio": r.consistency_ratio,
        "lambda_max": r.lambda_max,
        "consistency_index": r.consistency_index,
        "random_index": r.random_index,
        "most_inconsistent": None
        if worst is None
        else {
            "row": worst[0],
            "column": worst[1],
            "given": float(r.matrix[r.most_inconsistent]),
            "implied": r.implied_judgment,
        },
    }
    inputs = {"criteria": list(r.criteria), "matrix": r.matrix.tolist()}
    return Elicited("ahp", r.weights, inputs, extra)
