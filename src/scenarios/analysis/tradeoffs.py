"""Tradeoff maps: who wins where in weight space, and what each criterion's value function looks like.

Pure functions from a `Model` to pandas frames; the plots live in `tradeoff_plots.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.values import ValueFunctions
from .ranking import rank

TIE = 1e-12  # score differences this small are rounding, not a win


def simplex_grid(resolution: int) -> np.ndarray:
    """(g, 3) barycentric grid points (i, j, k) / resolution with i + j + k = resolution.

    g = (resolution + 1)(resolution + 2) / 2; rows run over i, then j, each row summing to 1.
    """
    if isinstance(resolution, bool) or not isinstance(resolution, int | np.integer) or resolution < 1:
        raise UsageError.at("resolution", str(resolution), "must be a whole number of at least 1")
    i, j = np.triu_indices(resolution + 1)  # i <= j: i = share a, j - i = share b
    counts = np.column_stack([i, j - i, resolution - j])
    return counts / resolution


def winner_map(
    model: Model, criteria: Sequence[str], resolution: int = 60, method: str | None = None
) -> pd.DataFrame:
    """The winning option at point scores across every split of weight among three criteria.

    The three named criteria hold a total weight T = w_a + w_b + w_c under the model's point
    weights. The map redistributes T among them over a triangular grid of shares
    (s_a, s_b, s_c), s ≥ 0, Σ s = 1, in steps of 1/resolution, setting w_a = T·s_a and so on;
    every other criterion keeps its point weight, so the weights still sum to 1 and the map
    answers "if only the balance among these three changed, who would win?".

    Returns a frame with g = (resolution + 1)(resolution + 2)/2 rows and columns: the three
    criterion ids (their normalized weights at the grid point, summing to T), `winner` (option
    id with the highest score; on an exact tie the first in model order, as `rank` orders
    ties) and `margin` (winner's score minus the runner-up's, ≥ 0; 0 on a tie).
    `frame.attrs` holds `criteria`, `total` (T), `method` and `analyst` (the model's own
    weights of the three, for marking the map).
    """
    criteria = tuple(criteria)
    if len(criteria) != 3 or len(set(criteria)) != 3:
        raise UsageError.at("criteria", ", ".join(map(str, criteria)), "name three different criteria")
    idx = [model.criterion_index(c, where="criteria") for c in criteria]
    ev = Evaluation.of(model, method, where="method")
    method = ev.name
    point = model.weights
    total = float(point[idx].sum())
    if total <= 0:
        raise UsageError.at(
            "criteria", ", ".join(criteria), "these criteria have zero total weight; nothing to redistribute"
        )
    shares = simplex_grid(resolution)  # (g, 3)
    weights = np.broadcast_to(point, (len(shares), point.size)).copy()  # (g, n)
    weights[:, idx] = total * shares
    scores = ev.keys(model.score_array("value"), weights)  # (g, m), higher = better
    best = scores.argmax(axis=-1)  # first maximum = model order on ties
    top2 = -np.sort(-scores, axis=-1)[:, :2] if scores.shape[1] > 1 else np.column_stack([scores, scores])
    frame = pd.DataFrame(weights[:, idx], columns=list(criteria))
    frame["winner"] = np.asarray(model.option_ids, dtype=object)[best]
    frame["margin"] = top2[:, 0] - top2[:, 1]
    frame.attrs.update(
        criteria=criteria,
        total=total,
        method=method,
        analyst={c: float(point[i]) for c, i in zip(criteria, idx, strict=True)},
    )
    return frame


def win_shares(frame: pd.DataFrame, model: Model) -> pd.Series:
    """Share of the winner map's grid points each option wins, every option listed (0 if none).

    The grid is uniform over the triangle, so this approximates each option's share of its area.
    """
    counts = frame["winner"].value_counts(normalize=True)
    return counts.reindex(list(model.option_ids), fill_value=0.0).rename("share of map")


def value_curves(model: Model, points: int = 101) -> pd.DataFrame:
    """Each criterion's value function sampled across its scale, for plotting.

    Returns long form: one row per (criterion, score) with columns `criterion`, `score` (on the
    criterion's scale) and `value` (in [0, 1], 1 = best); `points` evenly spaced scores plus
    every breakpoint of a piecewise-linear function, in increasing score order.
    """
    if isinstance(points, bool) or not isinstance(points, int | np.integer) or points < 2:
        raise UsageError.at("points", str(points), "must be a whole number of at least 2")
    rows = []
    for c in model.criteria:
        xs, _ = c.value_points()
        grid = np.union1d(np.linspace(c.scale[0], c.scale[1], points), xs)
        # evaluate one criterion at a time through the engine's own value functions
        vals = ValueFunctions.of([c])(grid[:, None])[:, 0]
        rows.append(pd.DataFrame({"criterion": c.id, "score": grid, "value": vals}))
    return pd.concat(rows, ignore_index=True)


def nearest_change(frame: pd.DataFrame, model: Model) -> pd.Series | None:
    """The point of a `winner_map` frame nearest the model's own weights where another option wins
    outright (exact ties, where the leader is still joint first, do not count).

    Distance is the weight moved, ½ Σ |w − w₀| over the three criteria (normalized weight
    units: moving 0.05 from one criterion to another is 0.05). Returns that row with `moved`
    added, or None when the model's leader wins everywhere on the map. Grid-limited: the true
    boundary lies within one grid step (total / resolution) of the point returned.
    """
    criteria = list(frame.columns[:3])
    point = np.array([model.criterion(c).weight for c in criteria])
    leader = rank(model, method=frame.attrs.get("method")).order()[0]
    others = frame[(frame["winner"] != leader) & (frame["margin"] > TIE)]
    if others.empty:
        return None
    moved = np.abs(others[criteria].to_numpy() - point).sum(axis=1) / 2
    row = others.iloc[int(np.argmin(moved))].copy()
    row["moved"] = float(moved.min())
    return row
