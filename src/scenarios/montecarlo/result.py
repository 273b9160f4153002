"""The result of a SMAA-2 run: pandas frames built once from the accumulators, plus JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from .smaa import ConfidenceAccumulator, SmaaAccumulator, standard_error

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class SmaaResult:
    """SMAA-2 statistics (Lahdelma & Salminen 2001) with their Monte Carlo standard errors.

    Frames are indexed by option id; `acceptability` columns are ranks 1…m.
    """

    title: str
    samples: int  # draws actually used
    requested: int  # draws asked for (more than `samples` when stopped early or interrupted)
    seed: int
    weight_model: str
    method: str
    fixed_scores: bool
    partial: bool  # True when interrupted (Ctrl-C) before `requested` draws
    precision: float | None
    weights: pd.Series  # (n,) point weights the weight model is centred on
    acceptability: pd.DataFrame  # (m, m) b(i, r)
    acceptability_se: pd.DataFrame  # (m, m)
    central_weights: pd.DataFrame  # (m, n); NaN rows for options never first
    confidence: pd.Series  # (m,) NaN where undefined
    confidence_se: pd.Series  # (m,)
    pairwise: pd.DataFrame  # (m, m) P(row beats column); NaN diagonal
    pairwise_se: pd.DataFrame
    scores: pd.DataFrame  # (m, 1 + len(QUANTILES)) mean and quantiles of each option's score
    option_labels: pd.Series
    criterion_labels: pd.Series
    sampler: str = "mc"  # "qmc": SEs are from independent scramblings, not binomial
    over_futures: bool = False  # a future drawn in every draw
    future: dict[str, str] | None = None  # outcomes the run is conditioned on

    @classmethod
    def build(
        cls,
        acc: SmaaAccumulator,
        conf: ConfidenceAccumulator | None,
        *,
        option_ids: Any,
        option_labels: Any,
        criterion_ids: Any,
        criterion_labels: Any,
        weights: np.ndarray,
        se: dict[str, np.ndarray] | None = None,
        **settings: Any,
    ) -> SmaaResult:
        """Frames from the accumulators; `se` overrides the binomial standard errors of
        "acceptability" (m, m), "pairwise" (m, m) and "confidence" (m,) (QMC replicates)."""
        opts = pd.Index(option_ids, name="option")
        crits = pd.Index(criterion_ids, name="criterion")
        ranks = pd.Index(range(1, len(opts) + 1), name="rank")
        n = acc.draws
        b = acc.acceptability()
        pw = acc.pairwise()
        cf = conf.confidence() if conf is not None else np.full(len(opts), np.nan)
        cf_n = conf.draws if conf is not None else 0
        qs = acc.score_quantiles(QUANTILES)
        score_cols = ["mean"] + [f"q{round(q * 100):02d}" for q in QUANTILES]
        se = se or {}
        b_se = se.get("acceptability", standard_error(b, n))
        pw_se = se.get("pairwise", standard_error(pw, n))
        if "pairwise" in se:
            pw_se = np.where(np.isnan(pw), np.nan, pw_se)
        cf_se = se.get("confidence", standard_error(cf, max(cf_n, 1)))
        return cls(
            samples=n,
            weights=pd.Series(weights, index=crits, name="weight"),
            acceptability=pd.DataFrame(b, index=opts, columns=ranks),
            acceptability_se=pd.DataFrame(b_se, index=opts, columns=ranks),
            central_weights=pd.DataFrame(acc.central_weights(), index=opts, columns=crits),
            confidence=pd.Series(cf, index=opts, name="confidence"),
            confidence_se=pd.Series(cf_se, index=opts, name="confidence_se"),
            pairwise=pd.DataFrame(pw, index=opts, columns=opts),
            pairwise_se=pd.DataFrame(pw_se, index=opts, columns=opts),
            scores=pd.DataFrame(np.column_stack([acc.score_mean(), qs]), index=opts, columns=score_cols),
            option_labels=pd.Series(list(option_labels), index=opts, name="label"),
            criterion_labels=pd.Series(list(criterion_labels), index=crits, name="label"),
            **settings,
        )

    @property
    def first(self) -> pd.Series:
        """P(option ranks first), the first column of the acceptability matrix."""
        return self.acceptability[1]

    def order(self) -> list[str]:
        """Option ids by descending first-rank acceptability (ties: model order)."""
        return list(self.first.sort_values(ascending=False, kind="stable").index)

    def to_frame(self) -> pd.DataFrame:
        """One row per option: P(first) ± SE, every rank's acceptability, confidence, central weights."""
        head = pd.DataFrame(
            {
                "label": self.option_labels,
                "P(first)": self.first,
                "±SE": self.acceptability_se[1],
                "confidence": self.confidence,
            }
        )
        ranks = self.acceptability.rename(columns=lambda r: f"rank {r}")
        central = self.central_weights.rename(columns=lambda c: f"w*:{c}")
        return head.join(ranks).join(central).loc[self.order()]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract of `scenarios sensitivity --format json` (docs/model-format.md)."""

        def nan_none(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        options = []
        for oid in self.order():
            cw = self.central_weights.loc[oid]
            options.append(
                {
                    "id": oid,
                    "label": self.option_labels[oid],
                    "rank_acceptability": [float(v) for v in self.acceptability.loc[oid]],
                    "rank_acceptability_se": [float(v) for v in self.acceptability_se.loc[oid]],
                    "central_weights": None if cw.isna().all() else {k: float(v) for k, v in cw.items()},
                    "confidence": nan_none(self.confidence[oid]),
                    "confidence_se": nan_none(self.confidence_se[oid]),
                    "score": {k: float(v) for k, v in self.scores.loc[oid].items()},
                }
            )
        return {
            "title": self.title,
            "samples": self.samples,
            "requested_samples": self.requested,
            "seed": self.seed,
            "weight_model": self.weight_model,
            "method": self.method,
            "fixed_scores": self.fixed_scores,
            "partial": self.partial,
            "precision": self.precision,
            "sampler": self.sampler,
            "over_futures": self.over_futures,
            "future": dict(self.future or {}),
            "weights": {k: float(v) for k, v in self.weights.items()},
            "options": options,
            "pairwise": {
                i: {k: nan_none(self.pairwise.at[i, k]) for k in self.pairwise.columns if k != i}
                for i in self.pairwise.index
            },
        }

    def __repr__(self) -> str:
        state = " (partial)" if self.partial else ""
        head = f"SmaaResult({self.samples:,} draws{state}, seed={self.seed}, weights={self.weight_model})"
        return f"{head}\n{self.to_frame().round(3).to_string()}"

    def _repr_html_(self) -> str:
        return cast(
            str, self.to_frame().to_html(float_format="{:.3f}".format)
        )  # no jinja2 needed (Styler would)

    # Charts: thin wrappers over `scenarios.plots` (matplotlib is imported only when one is drawn).
    def plot_acceptability(self, ax: Any = None, **kw: Any) -> Any:
        """Stacked bars: the share of draws in which each option holds each rank."""
        from ..present.plots import plot_acceptability

        return plot_acceptability(self, ax, **kw)

    def plot_central_weights(self, ax: Any = None, **kw: Any) -> Any:
        """Heat map of each option's central weight vector."""
        from ..present.plots import plot_central_weights

        return plot_central_weights(self, ax, **kw)

    def plot_pairwise(self, ax: Any = None, **kw: Any) -> Any:
        """Heat map of P(row option beats column option)."""
        from ..present.plots import plot_pairwise

        return plot_pairwise(self, ax, **kw)

    def plot_scores(self, ax: Any = None, **kw: Any) -> Any:
        """Each option's score distribution from its stored mean and quantiles."""
        from ..present.plots import plot_scores

        return plot_scores(self, ax, **kw)
