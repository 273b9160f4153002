"""The deterministic ranking: point weights and point scores through one aggregation method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.prepare import prepare

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RankingArrays:
    """What a Ranking is made of, as plain arrays in the model's option and criterion order.

    `scenarios rank` formats these directly, so it never imports pandas (about 0.2 s of a
    0.5 s command); the Ranking's frames are built from them on first use.
    """

    options: tuple[str, ...]  # (m,) option ids
    criteria: tuple[str, ...]  # (n,) criterion ids
    option_labels: tuple[str, ...]  # (m,)
    criterion_labels: tuple[str, ...]  # (n,)
    weights: np.ndarray  # (n,) normalized weights
    raw: np.ndarray  # (m, n) scores on each criterion's scale
    values: np.ndarray  # (m, n) values in [0, 1]
    contributions: np.ndarray  # (m, n) each criterion's part in the score
    scores: np.ndarray  # (m,) the method's index as published
    ranks: np.ndarray  # (m,) int, 1 = best
    rationales: np.ndarray  # (m, n) object: one line per score
    crossed: np.ndarray  # (m, n) bool: score worse than the criterion's red line
    red_lines: np.ndarray  # (n,) the red lines in force, NaN = none
    intermediates: dict[str, np.ndarray]  # name → (m,) the method's per-option intermediates


@dataclass(frozen=True)
class Ranking:
    """A ranking with the intermediates that explain it. Frames are indexed by option id
    (rows) and criterion id (columns), options in the model's order; each is built (with
    pandas) from `arrays` on first use."""

    title: str
    method: str
    arrays: RankingArrays
    profile: str | None = None
    contributions_are: str = "weight × value; sums to the score"
    future: dict[str, str] | None = None  # outcomes the scores are conditioned on

    def _by_option(self, a: Any, name: str) -> pd.Series:
        import pandas as pd

        return pd.Series(a, index=list(self.arrays.options), name=name)

    def _by_criterion(self, a: Any, name: str) -> pd.Series:
        import pandas as pd

        return pd.Series(a, index=list(self.arrays.criteria), name=name)

    def _frame(self, a: np.ndarray) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            a,
            index=pd.Index(list(self.arrays.options), name="option"),
            columns=pd.Index(list(self.arrays.criteria), name="criterion"),
        )

    @cached_property
    def weights(self) -> pd.Series:
        """(n,) normalized weights by criterion id."""
        return self._by_criterion(self.arrays.weights, "weight")

    @cached_property
    def raw(self) -> pd.DataFrame:
        """(m, n) scores on each criterion's scale."""
        return self._frame(self.arrays.raw)

    @cached_property
    def values(self) -> pd.DataFrame:
        """(m, n) values in [0, 1]."""
        return self._frame(self.arrays.values)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        """(m, n) each criterion's part (`contributions_are` says what)."""
        return self._frame(self.arrays.contributions)

    @cached_property
    def scores(self) -> pd.Series:
        """(m,) the method's index as published (VIKOR's Q: lower is better)."""
        return self._by_option(self.arrays.scores, "score")

    @cached_property
    def ranks(self) -> pd.Series:
        """(m,) 1 = best; ties share the better rank; red-line crossers last."""
        return self._by_option(self.arrays.ranks, "rank")

    @cached_property
    def option_labels(self) -> pd.Series:
        return self._by_option(list(self.arrays.option_labels), "label")

    @cached_property
    def criterion_labels(self) -> pd.Series:
        return self._by_criterion(list(self.arrays.criterion_labels), "label")

    @cached_property
    def rationales(self) -> pd.DataFrame:
        """(m, n) one line per score."""
        return self._frame(self.arrays.rationales)

    @cached_property
    def crossed(self) -> pd.DataFrame:
        """(m, n) bool: score worse than the criterion's red line."""
        return self._frame(self.arrays.crossed)

    @cached_property
    def red_lines(self) -> pd.Series:
        """(n,) the red lines in force, NaN = none."""
        return self._by_criterion(self.arrays.red_lines, "red_line")

    @cached_property
    def intermediates(self) -> pd.DataFrame | None:
        """(m, k) the method's per-option intermediates; None for a method without any."""
        if not self.arrays.intermediates:
            return None
        import pandas as pd

        return pd.DataFrame(
            self.arrays.intermediates, index=pd.Index(list(self.arrays.options), name="option")
        )

    def red_lines_crossed(self, option: str) -> list[str]:
        """Criterion ids whose red line `option` crosses."""
        a = self.arrays
        row = a.crossed[a.options.index(option)]
        return [c for c, x in zip(a.criteria, row, strict=True) if x]

    def order(self) -> list[str]:
        """Option ids best first (ties keep model order)."""
        return [self.arrays.options[i] for i in self.positions()]

    def positions(self) -> list[int]:
        """Row positions (in the model's option order) best first; ties keep model order."""
        return [int(i) for i in np.argsort(self.arrays.ranks, kind="stable")]

    def to_frame(self) -> pd.DataFrame:
        """Rank order: rank, label, score, then each criterion's contribution."""
        import pandas as pd

        head = pd.DataFrame({"rank": self.ranks, "label": self.option_labels, "score": self.scores})
        return head.join(self.contributions).loc[self.order()].rename_axis("option")

    def explain(self, option: str | None = None) -> pd.DataFrame:
        """Per option and criterion: raw score, value, weight, contribution and rationale."""
        import pandas as pd

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
                        "red_line": _none(self.red_lines[cid]),
                        "crosses_red_line": bool(self.crossed.at[oid, cid]),
                        "rationale": self.rationales.at[oid, cid],
                    }
                )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract of `scenarios rank --format json` (docs/model-format.md)."""
        a = self.arrays
        return {
            "title": self.title,
            "method": self.method,
            "profile": self.profile,
            "weights": {k: float(v) for k, v in zip(a.criteria, a.weights, strict=True)},
            "options": [
                {
                    "id": a.options[i],
                    "label": a.option_labels[i],
                    "rank": int(a.ranks[i]),
                    "score": float(a.scores[i]),
                    "contributions": {
                        k: float(v) for k, v in zip(a.criteria, a.contributions[i], strict=True)
                    },
                    "red_lines_crossed": [c for c, x in zip(a.criteria, a.crossed[i], strict=True) if x],
                    **{k: float(v[i]) for k, v in a.intermediates.items()},
                }
                for i in self.positions()
            ],
            "contributions_are": self.contributions_are,
            "red_lines": {
                k: float(v) for k, v in zip(a.criteria, a.red_lines, strict=True) if np.isfinite(v)
            },
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
    arrays = RankingArrays(
        options=tuple(model.option_ids),
        criteria=tuple(model.criterion_ids),
        option_labels=tuple(o.label for o in model.options),
        criterion_labels=tuple(c.label for c in model.criteria),
        weights=np.array(model.weights),
        raw=raw,
        values=np.asarray(values),
        contributions=np.asarray(parts),
        scores=np.asarray(result.scores),
        ranks=np.asarray(ev.ranks(raw, model.weights)),
        rationales=np.array(model.score_array("rationale"), dtype=object),
        crossed=np.asarray(ev.crossed(raw)),
        red_lines=np.array(model.red_lines),
        intermediates={k: np.asarray(v) for k, v in ev.intermediates(result).items()},
    )
    return Ranking(
        title=model.title,
        method=method,
        arrays=arrays,
        profile=profile,
        contributions_are=parts_are,
        future=dict(model.future),
    )


@dataclass(frozen=True)
class ProfileComparison:
    """Rankings of the same options under the model's weights and every stakeholder profile."""

    rankings: dict[str, Ranking]  # weight-set name ("model", then each profile id) → Ranking

    @property
    def scores(self) -> pd.DataFrame:
        """(m, profiles) scores."""
        import pandas as pd

        return pd.DataFrame({k: r.scores for k, r in self.rankings.items()})

    @property
    def ranks(self) -> pd.DataFrame:
        """(m, profiles) ranks, 1 = best."""
        import pandas as pd

        return pd.DataFrame({k: r.ranks for k, r in self.rankings.items()})

    def to_frame(self) -> pd.DataFrame:
        """One column per weight set, each cell "rank (score)"; options in the model's rank order."""
        import pandas as pd

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
