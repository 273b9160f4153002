"""The deterministic ranking: point weights and point scores through one aggregation method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.prepare import prepare


@dataclass(frozen=True)
class Ranking:
    """A ranking with the intermediates that explain it. Frames are indexed by option id
    (rows) and criterion id (columns), options in the model's order."""

    title: str
    method: str
    weights: pd.Series  # (n,) normalized weights by criterion id
    raw: pd.DataFrame  # (m, n) scores on each criterion's scale
    values: pd.DataFrame  # (m, n) values in [0, 1]
    contributions: pd.DataFrame  # (m, n) each criterion's part (`contributions_are` says what)
    scores: pd.Series  # (m,) the method's index as published (VIKOR's Q: lower is better)
    ranks: pd.Series  # (m,) 1 = best; ties share the better rank; red-line crossers last
    option_labels: pd.Series
    criterion_labels: pd.Series
    rationales: pd.DataFrame  # (m, n) one line per score
    profile: str | None = None
    contributions_are: str = "weight × value; sums to the score"
    crossed: pd.DataFrame | None = None  # (m, n) bool: score worse than the criterion's red line
    red_lines: pd.Series | None = None  # (n,) the red lines in force, NaN = none
    intermediates: pd.DataFrame | None = None  # (m, k) the method's per-option intermediates
    future: dict[str, str] | None = None  # outcomes the scores are conditioned on

    def red_lines_crossed(self, option: str) -> list[str]:
        """Criterion ids whose red line `option` crosses."""
        if self.crossed is None:
            return []
        return [c for c, x in self.crossed.loc[option].items() if x]

    def order(self) -> list[str]:
        """Option ids best first (ties keep model order)."""
        return list(self.ranks.sort_values(kind="stable").index)

    def to_frame(self) -> pd.DataFrame:
        """Rank order: rank, label, score, then each criterion's contribution."""
        head = pd.DataFrame({"rank": self.ranks, "label": self.option_labels, "score": self.scores})
        return head.join(self.contributions).loc[self.order()].rename_axis("option")

    def explain(self, option: str | None = None) -> pd.DataFrame:
        """Per option and criterion: raw score, value, weight, contribution and rationale."""
        rows = []
        for oid in [option] if option else self.order():
            for cid in self.weights.index:
                rows.append(
                    {
                        "option": oid,
                        "criterion": cid,
                        "criterion_label": self.criterion_labels[cid],
                        "score": self.raw.at[oid, cid],
                        "value": self.values.at[oid, cid],
                        "weight": self.weights[cid],
                        "contribution": self.contributions.at[oid, cid],
                        "red_line": None if self.red_lines is None else _none(self.red_lines[cid]),
                        "crosses_red_line": bool(self.crossed is not None and self.crossed.at[oid, cid]),
                        "rationale": self.rationales.at[oid, cid],
                    }
                )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract of `scenarios rank --format json` (docs/model-format.md)."""
        return {
            "title": self.title,
            "method": self.method,
            "profile": self.profile,
            "weights": {k: float(v) for k, v in self.weights.items()},
            "options": [
                {
                    "id": oid,
                    "label": self.option_labels[oid],
                    "rank": int(self.ranks[oid]),
                    "score": float(self.scores[oid]),
                    "contributions": {k: float(v) for k, v in self.contributions.loc[oid].items()},
                    "red_lines_crossed": self.red_lines_crossed(oid),
                    **(
                        {k: float(v) for k, v in self.intermediates.loc[oid].items()}
                        if self.intermediates is not None
                        else {}
                    ),
                }
                for oid in self.order()
            ],
            "contributions_are": self.contributions_are,
            "red_lines": {}
            if self.red_lines is None
            else {k: float(v) for k, v in self.red_lines.items() if np.isfinite(v)},
            "future": dict(self.future or {}),
        }

    def __repr__(self) -> str:
        return f"Ranking({self.title!r}, method={self.method!r})\n{self.to_frame().round(4).to_string()}"

    def _repr_html_(self) -> str:
        return cast(
            str, self.to_frame().to_html(float_format="{:.3f}".format)
        )  # no jinja2 needed (Styler would)

    def plot_contributions(self, ax: Any = None, **kw: Any) -> Any:
        """Stacked bars: each criterion's contribution to each option's score."""
        from ..present.plots import plot_contributions

        return plot_contributions(self, ax, **kw)


def _none(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def rank(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
) -> Ranking:
    """Rank the options at point scores. `profile` sets the weights, `weights` (a full array
    or a partial mapping of raw weights) then overrides them; `method` overrides the model's."""
    model, method = prepare(model, weights, profile, method)
    ev = Evaluation.of(model, method)
    raw = model.score_array("value")
    values = ev.values_of(raw.copy())
    result = ev.result(raw, model.weights)
    parts, parts_are = ev.parts(result, raw, model.weights)
    opts, crits = list(model.option_ids), list(model.criterion_ids)

    def frame(a: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(a, index=pd.Index(opts, name="option"), columns=pd.Index(crits, name="criterion"))

    extra = ev.intermediates(result)
    return Ranking(
        title=model.title,
        method=method,
        weights=pd.Series(model.weights, index=crits, name="weight"),
        raw=frame(raw),
        values=frame(values),
        contributions=frame(parts),
        scores=pd.Series(result.scores, index=opts, name="score"),
        ranks=pd.Series(ev.ranks(raw, model.weights), index=opts, name="rank"),
        option_labels=pd.Series([o.label for o in model.options], index=opts, name="label"),
        criterion_labels=pd.Series([c.label for c in model.criteria], index=crits, name="label"),
        rationales=frame(np.array(model.score_array("rationale"), dtype=object)),
        profile=profile,
        contributions_are=parts_are,
        crossed=frame(ev.crossed(raw)),
        red_lines=pd.Series(model.red_lines, index=crits, name="red_line"),
        intermediates=pd.DataFrame(extra, index=pd.Index(opts, name="option")) if extra else None,
        future=dict(model.future),
    )


@dataclass(frozen=True)
class ProfileComparison:
    """Rankings of the same options under the model's weights and every stakeholder profile."""

    rankings: dict[str, Ranking]  # weight-set name ("model", then each profile id) → Ranking

    @property
    def scores(self) -> pd.DataFrame:
        """(m, profiles) scores."""
        return pd.DataFrame({k: r.scores for k, r in self.rankings.items()})

    @property
    def ranks(self) -> pd.DataFrame:
        """(m, profiles) ranks, 1 = best."""
        return pd.DataFrame({k: r.ranks for k, r in self.rankings.items()})

    def to_frame(self) -> pd.DataFrame:
        """One column per weight set, each cell "rank (score)"; options in the model's rank order."""
        first = next(iter(self.rankings.values()))
        cells = {
            k: [f"{r.ranks[o]} ({r.scores[o]:.3f})" for o in first.order()] for k, r in self.rankings.items()
        }
        return pd.DataFrame(cells, index=pd.Index(first.order(), name="option"))

    def to_dict(self) -> dict[str, Any]:
        return {k: r.to_dict() for k, r in self.rankings.items()}

    def __repr__(self) -> str:
        return f"ProfileComparison({len(self.rankings)} weight sets)\n{self.to_frame().to_string()}"

    def _repr_html_(self) -> str:
        return cast(str, self.to_frame().to_html())

    def plot(self, ax: Any = None, **kw: Any) -> Any:
        """Grouped bars of every option's score under each weight set, ranks written on top."""
        from ..present.plots import plot_profiles

        return plot_profiles(self, ax, **kw)


def compare_profiles(model: Model, method: str | None = None) -> ProfileComparison:
    """Rank under the model's own weights (key "model") and under every profile."""
    out = {"model": rank(model, method=method)}
    out.update({pid: rank(model, profile=pid, method=method) for pid in model.profiles})
    return ProfileComparison(out)


def dominated(model: Model) -> list[tuple[str, str]]:
    """(option, by) pairs where `by` is at least as good on every criterion at the point scores
    and strictly better on one: `option` can never rank above `by` under the additive method,
    whatever the weights, so it may not belong in the decision (a warning, never an error)."""
    raw = model.score_array("value")
    sign = np.where(np.array([c.better for c in model.criteria]) == "higher", 1.0, -1.0)
    good = raw * sign  # (m, n) higher is better on every criterion
    ids = model.option_ids
    out = []
    for i in range(len(ids)):
        for k in range(len(ids)):
            if i != k and np.all(good[k] >= good[i]) and np.any(good[k] > good[i]):
                out.append((ids[i], ids[k]))
    return out
