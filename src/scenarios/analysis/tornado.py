"""Tornado analysis: swing one uncertain input at a time to each end of its range and watch the
leader's margin over the runner-up.

Inputs are each criterion's weight across its `weight_range` (the other weights rescaled in
proportion, `whatif.rescaled_weights`; the range is used as written even when a profile or
custom weights put the point weight outside it) and each uncertain score across its `range`;
everything else stays at its point value. The leader is the top option at the point estimate and stays
fixed; its margin, score(leader) − best score of the others, goes negative where it is
overtaken. Swing = |margin(high) − margin(low)| (Clemen & Reilly, *Making Hard Decisions*,
3rd ed., 2014, ch. 5, "tornado diagrams"; Howard, "Decision analysis: practice and promise",
Management Science 34 (1988) 679–695).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.prepare import prepare
from .whatif import leader_margin, need_two_options, plain, point_order, rescaled_weights

COLUMNS = ("kind", "criterion", "option", "point", "low", "high", "margin_low", "margin_high", "swing")


@dataclass(frozen=True)
class TornadoResult:
    """One row per uncertain input, largest swing first.

    `inputs` is indexed by input id (`weight:<criterion>` or `score:<option>/<criterion>`) with
    columns `COLUMNS`: kind ("weight" | "score"), criterion, option (None for weights), point,
    low and high input values (normalized weight or raw score), the leader's margin at each
    end, and the swing. `scores` holds every option's score at each end, same rows, columns
    (end ∈ {"low", "high"}, option id).
    """

    title: str
    method: str
    leader: str
    runner_up: str
    base_margin: float
    base_scores: pd.Series  # (m,) scores at the point estimate
    inputs: pd.DataFrame
    scores: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """`inputs` with each option's score at each end as `score_low:<id>`, `score_high:<id>`."""
        flat = self.scores.copy()
        flat.columns = [f"score_{end}:{oid}" for end, oid in flat.columns]
        return self.inputs.join(flat)

    def to_dict(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for key, row in self.inputs.iterrows():
            rec = {"input": key}
            rec.update({k: plain(v) for k, v in row.items()})
            rec["scores_low"] = {o: float(v) for o, v in self.scores.loc[key, "low"].items()}
            rec["scores_high"] = {o: float(v) for o, v in self.scores.loc[key, "high"].items()}
            rows.append(rec)
        return {
            "title": self.title,
            "method": self.method,
            "leader": self.leader,
            "runner_up": self.runner_up,
            "base_margin": self.base_margin,
            "base_scores": {k: float(v) for k, v in self.base_scores.items()},
            "inputs": rows,
        }

    def __repr__(self) -> str:
        head = f"TornadoResult(leader={self.leader!r}, margin={self.base_margin:.4f}, method={self.method!r})"
        return f"{head}\n{self.inputs.round(4).to_string()}"

    def _repr_html_(self) -> str:
        return cast(str, self.inputs.to_html(float_format="{:.3f}".format, na_rep="–"))  # no jinja2 needed

    def plot(self, ax: Any = None, **kw: Any) -> Any:
        """Tornado chart of the leader's margin (`plots.plot_tornado`; pass `option_labels` and
        `criterion_labels` for readable input names)."""
        from ..present.plots import plot_tornado

        return plot_tornado(self, ax, **kw)


CHUNK_CELLS = 2**24  # raw scores built at once while scoring the swings (128 MiB of float64)


@dataclass(frozen=True)
class Swings:
    """The one-at-a-time variants: input p is set to its low end in row 2p and to its high end in
    row 2p + 1; every other input keeps its point value. The (2P, m, n) raw scores are built a
    chunk of rows at a time (`raw(rows)`): at 200 options × 100 criteria with every score
    uncertain, all of them at once would take 6 GB."""

    value: np.ndarray  # (m, n) point scores
    cells: np.ndarray  # (2P, 3) option, criterion, end value of the changed score; option −1 = none
    weights: np.ndarray  # (2P, n) normalized weights
    table: pd.DataFrame  # (P,) kind, criterion, option, point, low, high; indexed by input id

    def raw(self, rows: slice) -> np.ndarray:
        """(rows, m, n) raw scores of the variants in `rows`."""
        cells = self.cells[rows]
        out = np.broadcast_to(self.value, (len(cells), *self.value.shape)).copy()
        hit = cells[:, 0] >= 0
        k = np.flatnonzero(hit)
        out[k, cells[hit, 0].astype(int), cells[hit, 1].astype(int)] = cells[hit, 2]
        return out


def swings(model: Model) -> Swings:
    """Every weight with a `weight_range` and every uncertain score, each at both ends."""
    value, low, high = (model.score_array(a) for a in ("value", "low", "high"))
    w = model.weights
    rows: list[tuple[Any, ...]]
    rows, cells, ws = [], [], []
    for j, c in enumerate(model.criteria):
        if c.weight_range is None:
            continue
        lo, hi = c.weight_range
        rows.append((f"weight:{c.id}", "weight", c.id, None, w[j], lo, hi))
        cells += [(-1, -1, 0.0), (-1, -1, 0.0)]
        ws.append(rescaled_weights(w, j, np.array([lo, hi])))
    for i, o in enumerate(model.options):
        for j, cid in enumerate(model.criterion_ids):
            if not o.scores[cid].uncertain:
                continue
            rows.append((f"score:{o.id}/{cid}", "score", cid, o.id, value[i, j], low[i, j], high[i, j]))
            cells += [(i, j, low[i, j]), (i, j, high[i, j])]
            ws.append(np.vstack([w, w]))
    if not rows:
        where = str(model.path) if model.path else "model"
        raise UsageError.at(
            where, "", "nothing to swing: no criterion has a weight_range and no score has a range"
        )
    table = pd.DataFrame(rows, columns=["input", *COLUMNS[:6]]).set_index("input")
    table["option"] = pd.Series([r[3] for r in rows], index=table.index, dtype=object)
    return Swings(value, np.array(cells, dtype=float), np.vstack(ws), table)


def tornado(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
) -> TornadoResult:
    """One-at-a-time swings of every uncertain input; `weights`, `profile`, `method` as in `rank()`.

    All 2P variants are scored in one vectorized call: values (2P, m, n), weights (2P, n).
    """
    model, method = prepare(model, weights, profile, method)
    need_two_options(model, "tornado")
    ev = Evaluation.of(model, method)
    base = ev.keys(model.score_array("value"), model.weights)  # (m,)
    order = point_order(model, method)
    leader = int(order[0])

    sw = swings(model)
    step = max(1, CHUNK_CELLS // base.size // len(model.criteria))
    scores = np.concatenate(  # (2P, m), scored a chunk of variants at a time
        [ev.keys(sw.raw(slice(a, a + step)), sw.weights[a : a + step]) for a in range(0, len(sw.cells), step)]
    )
    margins = leader_margin(scores, leader).reshape(-1, 2)  # (P, [low, high])
    table = sw.table.assign(
        margin_low=margins[:, 0],
        margin_high=margins[:, 1],
        swing=np.abs(margins[:, 1] - margins[:, 0]),
    )
    ends = pd.MultiIndex.from_product([["low", "high"], model.option_ids], names=["end", "option"])
    m = base.size
    per_end = scores.reshape(-1, 2, m).reshape(-1, 2 * m)  # rows: inputs; columns: (end, option)
    score_frame = pd.DataFrame(per_end, index=table.index, columns=ends)
    keep = table["swing"].sort_values(ascending=False, kind="stable").index
    return TornadoResult(
        title=model.title,
        method=method,
        leader=model.option_ids[leader],
        runner_up=model.option_ids[int(order[1])],
        base_margin=float(leader_margin(base, leader)),
        base_scores=pd.Series(base, index=pd.Index(model.option_ids, name="option"), name="score"),
        inputs=table.loc[keep],
        scores=score_frame.loc[keep],
    )
