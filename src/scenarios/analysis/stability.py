"""Weight stability intervals: how far one criterion's weight can move before the answer changes.

For criterion j the weight w_j moves over t ∈ [0, 1] while the others keep their ratios,
w_k(t) = w_k·(1 − t)/(1 − w_j) (`whatif.rescaled_weights`; Mareschal, "Weight stability
intervals in multicriteria decision aid", EJOR 33 (1988) 54–64). Under the additive model at
point scores each option's score is then a straight line in t,

    S_i(t) = R_i + t·(v_ij − R_i),   R_i = Σ_{k≠j} v_ik·w_k/(1 − w_j),

so the intervals come in closed form from where the lines cross ("exact"). Any other method is
scanned on a grid of t and each crossing refined with Brent's method ("numeric").

Ties count as no change: the leader stays first while no option scores strictly above it, and
the ranking stays unchanged while no pair of options strictly reverses its order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..errors import UsageError
from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.prepare import prepare
from .whatif import other_shares, plain, point_order, rescaled_weights

TIES = "ties count as no change: the leader stays first while no option scores strictly above it"
EXACT_METHODS = ("additive",)  # methods whose scores are linear along the weight path
SCAN_POINTS = 1001  # grid of the numeric path; crossings closer together than 1/1000 may merge
_TOL = 1e-12  # score units: differences this small count as ties
_EDGE = 1e-12  # weight units: crossings this close to 0 or 1 count as at the edge


@dataclass(frozen=True)
class Bounds:
    """The interval [lower, upper] of t around t0 where every constraint D_p(t) ≥ 0 holds, and
    the constraint that fails just beyond each end (None where the bound is 0 or 1)."""

    lower: float
    upper: float
    fails_low: int | None
    fails_high: int | None


def linear_bounds(intercept: np.ndarray, slope: np.ndarray, t0: float) -> Bounds:
    """Exact bounds for linear constraints D_p(t) = intercept_p + slope_p·t ≥ 0 on t ∈ [0, 1].

    intercept, slope: (P,). A constraint with slope < 0 caps t at −intercept/slope, one with
    slope > 0 floors it there; crossings at or beyond 0 and 1 leave the edge as the bound. When
    several constraints cross at the same t, the steepest is the one that fails first beyond it
    (equally steep ones: the first listed).
    """
    intercept, slope = np.asarray(intercept, float), np.asarray(slope, float)
    steep = np.abs(slope) > _TOL
    cross = np.full(slope.shape, np.nan)
    cross[steep] = -intercept[steep] / slope[steep]
    # a crossing at the very edge is a tie there, not a takeover (rounding may put it just inside)
    upper, fails_high = _nearest(cross, slope, (slope < -_TOL) & (cross < 1.0 - _EDGE), t0, min)
    lower, fails_low = _nearest(cross, slope, (slope > _TOL) & (cross > _EDGE), t0, max)
    return Bounds(min(lower, t0), max(upper, t0), fails_low, fails_high)


def _nearest(cross: Any, slope: Any, candidate: Any, t0: Any, pick: Any) -> tuple[float, int | None]:
    edge = 1.0 if pick is min else 0.0
    if not candidate.any():
        return edge, None
    bound = pick(cross[candidate])
    tied = np.flatnonzero(candidate & (np.abs(cross - bound) <= 1e-12))
    steepest = np.abs(slope[tied])
    return float(bound), int(tied[np.argmax(steepest >= steepest.max() - _TOL)])


def numeric_bounds(diffs: Callable[[np.ndarray], np.ndarray], t0: float, points: int = SCAN_POINTS) -> Bounds:
    """Bounds for any continuous constraints: scan t on a grid of `points` over [0, 1] outward
    from t0, then refine the first failing cell with `scipy.optimize.brentq` (Brent 1973).

    diffs: (k,) values of t → (k, P) constraint values D_p(t); feasible where all D_p ≥ 0.
    """
    grid = np.linspace(0.0, 1.0, points)
    up = np.concatenate([[t0], grid[grid > t0]])
    down = np.concatenate([[t0], grid[grid < t0][::-1]])
    upper, fails_high = _scan(diffs, up, 1.0)
    lower, fails_low = _scan(diffs, down, 0.0)
    return Bounds(min(lower, t0), max(upper, t0), fails_low, fails_high)


def _scan(diffs: Callable[[np.ndarray], np.ndarray], ts: np.ndarray, edge: float) -> tuple[float, int | None]:
    d = diffs(ts)
    bad = (d < -_TOL).any(axis=1)
    if not bad.any():
        return edge, None
    i = int(np.argmax(bad))
    if i == 0:
        return float(ts[0]), int(np.argmin(d[0]))
    a, b = ts[i - 1], ts[i]
    roots = {}
    for p in np.flatnonzero(d[i] < -_TOL):
        if d[i - 1, p] <= 0:
            roots[p] = a
        else:
            roots[p] = brentq(lambda t, p=p: diffs(np.array([t]))[0, p], a, b, xtol=1e-14, rtol=1e-14)
    near = min(roots.values(), key=lambda r: abs(r - ts[0]))
    tied = [p for p, r in roots.items() if abs(r - near) <= 1e-10]
    deepest = min(d[i, p] for p in tied)
    return float(near), int(min(p for p in tied if d[i, p] <= deepest + _TOL))


@dataclass(frozen=True)
class StabilityResult:
    """Weight stability intervals, one row per criterion (normalized weight units, t ∈ [0, 1]).

    `top_*`: the interval of the criterion's weight, containing its current weight, over which
    the current leader stays first, and which option overtakes it just below / above (None
    when the bound is 0 or 1 and nobody does; when several options overtake together, the one
    that pulls ahead fastest, then the first in model order). `rank_*`: the interval over which
    the whole ranking stays unchanged; it contains the weight and lies inside the top interval.
    """

    title: str
    method: str
    computed: str  # "exact" (closed form, linear scores) or "numeric" (scan + Brent)
    leader: str
    ranking: tuple[str, ...]  # option ids best first at the current weights
    intervals: pd.DataFrame  # indexed by criterion id; columns as in `to_dict()["criteria"]`
    ties: str = TIES

    def to_frame(self) -> pd.DataFrame:
        return self.intervals

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for cid, row in self.intervals.iterrows():
            rec = {"criterion": cid}
            rec.update({k: plain(v) for k, v in row.items() if k != "computed"})
            rows.append(rec)
        return {
            "title": self.title,
            "method": self.method,
            "computed": self.computed,
            "leader": self.leader,
            "ranking": list(self.ranking),
            "ties": self.ties,
            "criteria": rows,
        }

    def __repr__(self) -> str:
        head = f"StabilityResult(leader={self.leader!r}, method={self.method!r}, {self.computed})"
        return f"{head}\n{self.intervals.drop(columns='computed').round(4).to_string()}"

    def _repr_html_(self) -> str:
        return cast(str, self.intervals.to_html(float_format="{:.3f}".format, na_rep="–"))  # no jinja2 needed

    def plot(self, model: Model, criterion: str | None = None, ax: Any = None, **kw: Any) -> Any:
        """Each option's score as a weight sweeps 0 → 1 (`sweep`), the current weight and the
        leader's stability interval marked: one criterion on `ax`, or all criteria in a grid.
        `model` must be the one analysed (the result keeps no scores to sweep)."""
        from ..present import plots

        labels = {o.id: o.label for o in model.options}
        if criterion is not None:
            line = sweep(model, criterion, method=self.method)
            return plots.plot_weight_stability(
                self, ax, criterion=criterion, sweep=line, option_labels=labels, **kw
            )
        sweeps = {cid: sweep(model, cid, method=self.method) for cid in self.intervals.index}
        return plots.plot_weight_stability_grid(self, sweeps, ax, option_labels=labels, **kw)


def stability(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
    criterion: str | None = None,
    exact: bool | None = None,
) -> StabilityResult:
    """Weight stability intervals of every criterion (or just `criterion`) at point scores.

    `weights`, `profile`, `method` as in `rank()`. `exact`: None = closed form when the method
    is additive, else numeric; False forces the numeric path (to check one against the other).
    """
    model, method = prepare(model, weights, profile, method)
    ev = Evaluation.of(model, method)
    linear = method in EXACT_METHODS and not ev.has_red_lines
    if exact is None:
        exact = linear
    elif exact and not linear:
        raise UsageError.at(
            "exact", method, "closed-form intervals exist only for the additive method without red lines"
        )
    cols = [model.criterion_index(criterion)] if criterion is not None else range(len(model.criteria))
    raw = model.score_array("value")  # (m, n)
    values = ev.values_of(raw.copy())
    w = model.weights
    m = len(model.options)
    order = point_order(model, method)
    leader = int(order[0])
    others = [i for i in range(m) if i != leader]
    pairs = (np.array([leader] * len(others), int), np.array(others, int))
    chain = (order[:-1], order[1:])  # the ranking holds iff each option keeps up with the next

    rows = []
    for j in cols:
        t0 = float(w[j])
        if exact:
            if w.size > 1:  # S_i(t) = R_i + t·(v_ij − R_i)
                rest = values @ other_shares(w, j)  # R_i, (m,)
                slope = values[:, j] - rest
            else:  # a lone criterion keeps weight 1 whatever t is
                rest, slope = values[:, 0], np.zeros(m)
            top = linear_bounds(rest[pairs[0]] - rest[pairs[1]], slope[pairs[0]] - slope[pairs[1]], t0)
            whole = linear_bounds(rest[chain[0]] - rest[chain[1]], slope[chain[0]] - slope[chain[1]], t0)
        else:
            top = numeric_bounds(_gaps(ev, raw, w, j, *pairs), t0)
            whole = numeric_bounds(_gaps(ev, raw, w, j, *chain), t0)
        ids = model.option_ids
        rows.append(
            {
                "criterion": model.criterion_ids[j],
                "label": model.criteria[j].label,
                "weight": t0,
                "top_lower": top.lower,
                "top_upper": top.upper,
                "top_takeover_low": None if top.fails_low is None else ids[pairs[1][top.fails_low]],
                "top_takeover_high": None if top.fails_high is None else ids[pairs[1][top.fails_high]],
                "rank_lower": whole.lower,
                "rank_upper": whole.upper,
                "computed": "exact" if exact else "numeric",
            }
        )
    frame = pd.DataFrame(rows).set_index("criterion")
    for col in ("top_takeover_low", "top_takeover_high"):  # keep None, not NaN, for "nobody"
        frame[col] = pd.Series([r[col] for r in rows], index=frame.index, dtype=object)
    return StabilityResult(
        title=model.title,
        method=method,
        computed="exact" if exact else "numeric",
        leader=model.option_ids[leader],
        ranking=tuple(model.option_ids[i] for i in order),
        intervals=frame,
    )


def _gaps(
    ev: Evaluation, raw: np.ndarray, w: np.ndarray, j: int, ahead: np.ndarray, behind: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """(k,) t → (k, P) key(ahead_p) − key(behind_p) along criterion j's weight path."""

    def gaps(ts: np.ndarray) -> np.ndarray:
        s = ev.keys(raw, rescaled_weights(w, j, ts))  # (k, m)
        return cast(np.ndarray, s[:, ahead] - s[:, behind])

    return gaps


def sweep(
    model: Model,
    criterion: str,
    points: int = 101,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Each option's score as `criterion`'s weight runs over [0, 1], the others rescaled in
    proportion: (points, m) frame indexed by the weight t, one column per option id."""
    model, method = prepare(model, weights, profile, method)
    j = model.criterion_index(criterion)
    if isinstance(points, bool) or not isinstance(points, int | np.integer) or points < 2:
        raise UsageError.at("--points", str(points), "must be a whole number of at least 2")
    ev = Evaluation.of(model, method)
    ts = np.linspace(0.0, 1.0, points)
    scores = ev.utility(ev.result(model.score_array("value"), rescaled_weights(model.weights, j, ts)))
    return pd.DataFrame(
        scores, index=pd.Index(ts, name="weight"), columns=pd.Index(model.option_ids, name="option")
    )
