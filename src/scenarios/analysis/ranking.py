"""The deterministic ranking: point weights and point scores through one aggregation method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..methods.registry import METHODS
from ..model.decision import Model
from ..model.prepare import prepare
from ..model.values import ValueFunctions
from ..montecarlo.smaa import ranks


@dataclass(frozen=True)
class Ranking:
    """A ranking with the intermediates that explain it. Frames are indexed by option id
    (rows) and criterion id (columns), options in the model's order."""

    title: str
    method: str
    weights: pd.Series  # (n,) normalized weights by criterion id
    raw: pd.DataFrame  # (m, n) scores on each criterion's scale
    values: pd.DataFrame  # (m, n) values in [0, 1]
    contributions: pd.DataFrame  # (m, n) weighted values; rows sum to `scores`
    scores: pd.Series  # (m,) overall scores
    ranks: pd.Series  # (m,) 1 = best; ties share the better rank
    option_labels: pd.Series
    criterion_labels: pd.Series
    rationales: pd.DataFrame  # (m, n) one line per score
    profile: str | None = None

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
                        "rationale": self.rationales.at[oid, cid],
                    }
                )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """The stable JSON contract of `scenarios rank --format json` (DESIGN.md)."""
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
                }
                for oid in self.order()
            ],
        }

    def __repr__(self) -> str:
        return f"Ranking({self.title!r}, method={self.method!r})\n{self.to_frame().round(4).to_string()}"

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(float_format="{:.3f}".format)  # no jinja2 needed (Styler would)

    def plot_contributions(self, ax=None, **kw):
        """Stacked bars: each criterion's contribution to each option's score."""
        from ..present.plots import plot_contributions

        return plot_contributions(self, ax, **kw)


def rank(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
) -> Ranking:
    """Rank the options at point scores. `profile` sets the weights, `weights` (a full array
    or a partial mapping of raw weights) then overrides them; `method` overrides the model's."""
    model, method = prepare(model, weights, profile, method)
    raw = model.score_array("value")
    values = ValueFunctions.of(model.criteria)(raw)
    agg = METHODS[method](values, model.weights)
    opts, crits = list(model.option_ids), list(model.criterion_ids)

    def frame(a: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(a, index=pd.Index(opts, name="option"), columns=pd.Index(crits, name="criterion"))

    return Ranking(
        title=model.title,
        method=method,
        weights=pd.Series(model.weights, index=crits, name="weight"),
        raw=frame(raw),
        values=frame(values),
        contributions=frame(agg.contributions),
        scores=pd.Series(agg.scores, index=opts, name="score"),
        ranks=pd.Series(ranks(agg.scores), index=opts, name="rank"),
        option_labels=pd.Series([o.label for o in model.options], index=opts, name="label"),
        criterion_labels=pd.Series([c.label for c in model.criteria], index=crits, name="label"),
        rationales=frame(np.array(model.score_array("rationale"), dtype=object)),
        profile=profile,
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

    def to_dict(self) -> dict:
        return {k: r.to_dict() for k, r in self.rankings.items()}

    def __repr__(self) -> str:
        return f"ProfileComparison({len(self.rankings)} weight sets)\n{self.to_frame().to_string()}"

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()

    def plot(self, ax=None, **kw):
        """Grouped bars of every option's score under each weight set, ranks written on top."""
        from ..present.plots import plot_profiles

        return plot_profiles(self, ax, **kw)


def compare_profiles(model: Model, method: str | None = None) -> ProfileComparison:
    """Rank under the model's own weights (key "model") and under every profile."""
    out = {"model": rank(model, method=method)}
    out.update({pid: rank(model, profile=pid, method=method) for pid in model.profiles})
    return ProfileComparison(out)
