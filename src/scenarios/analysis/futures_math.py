"""Decisions across futures: regret, robust choices, the value of information, and where options break.

Pure functions over `scores (F, m)` = futures × options, higher is better (negate VIKOR's Q first), and
`p (F,)` the futures' probabilities, summing to 1. Judging options across many futures instead of one
forecast is robust decision making (Lempert, Popper & Bankes 2003, *Shaping the Next One Hundred Years*,
RAND MR-1626); minimax regret is Savage's (1951) criterion, maximin Wald's (1950), EVPI and EVPPI come
from Raiffa & Schlaifer (1961, *Applied Statistical Decision Theory*), and `breaks` is scenario discovery
(Bryant & Lempert 2010; see `breaks.py`).

Ties: scores within `TIE` = 1e-12 × max(1, max |score|) of the best count as tied. In a future, every
tied-best option is best (`p_best` splits the future's probability equally among them, and `breaks`
treats none of them as "not best"); the single `best` reported per future, and each choice, is the
first tied option in option order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from .breaks import breaks

__all__ = [
    "FuturesResult",
    "breaks",
    "choices",
    "evpi",
    "evppi",
    "futures_result",
    "regret",
    "summary",
    "tied_best",
]

TIE = 1e-12
PROBABILITY_DECIMALS = 12  # futures whose probabilities agree to this many decimals keep their order


def _tolerance(x: np.ndarray) -> float:
    return TIE * max(1.0, float(np.max(np.abs(x)))) if np.size(x) else TIE


def _first_max(x: np.ndarray, tol: float) -> int:
    """Index of the first entry within `tol` of the maximum."""
    return int(np.flatnonzero(x >= x.max() - tol)[0])


def regret(scores: np.ndarray) -> np.ndarray:
    """(F, m) regret(a, f) = max_b s(b, f) − s(a, f) ≥ 0 (Savage 1951)."""
    s = np.asarray(scores, dtype=float)
    return cast(np.ndarray, s.max(axis=-1, keepdims=True) - s)


def tied_best(scores: np.ndarray) -> np.ndarray:
    """(F, m) bool: option a is (one of) the best in future f, within the module's tie tolerance."""
    s = np.asarray(scores, dtype=float)
    return cast(np.ndarray, s >= s.max(axis=-1, keepdims=True) - _tolerance(s))


def summary(scores: np.ndarray, p: np.ndarray) -> dict[str, np.ndarray]:
    """Per-option statistics over futures, each (m,) unless noted.

    expected_score = Σ_f p_f s(a, f); expected_regret = Σ_f p_f regret(a, f);
    max_regret = max_f regret(a, f) and worst_score = min_f s(a, f) over every future listed, whatever
    its probability (these criteria ignore probabilities by design); p_best = Σ_f p_f [a tied best in f]
    / (number tied best in f); best (F,) = index of the first tied-best option of each future.
    """
    s, p = np.asarray(scores, dtype=float), np.asarray(p, dtype=float)
    r = regret(s)
    tied = tied_best(s)
    return {
        "expected_score": p @ s,
        "expected_regret": p @ r,
        "max_regret": r.max(axis=0),
        "worst_score": s.min(axis=0),
        "p_best": p @ (tied / tied.sum(axis=1, keepdims=True)),
        "best": np.argmax(tied, axis=1),
    }


def choices(scores: np.ndarray, p: np.ndarray) -> dict[str, int]:
    """Option index chosen by each rule: `expected_score` (argmax E[s], Bayes), `minimax_regret`
    (argmin max regret, Savage), `maximin` (argmax worst score, Wald); ties → first in option order."""
    st = summary(scores, p)
    tol = _tolerance(np.asarray(scores, dtype=float))
    return {
        "expected_score": _first_max(st["expected_score"], tol),
        "minimax_regret": _first_max(-st["max_regret"], tol),
        "maximin": _first_max(st["worst_score"], tol),
    }


def evpi(scores: np.ndarray, p: np.ndarray) -> float:
    """Expected value of perfect information, in score units (Raiffa & Schlaifer 1961):

        EVPI = Σ_f p_f max_a s(a, f) − max_a Σ_f p_f s(a, f)  ≥ 0,

    which equals the expected regret of the expected-score choice. Rounding residue (|x| within the
    tie tolerance, ≈ 1e-16 in practice, of either sign) is reported as exactly 0, so it is never negative.
    """
    s, p = np.asarray(scores, dtype=float), np.asarray(p, dtype=float)
    return _nonnegative(float(p @ s.max(axis=1) - (p @ s).max()), s)


def evppi(scores: np.ndarray, p: np.ndarray, outcome_index: np.ndarray) -> float:
    """Expected value of partial perfect information about one uncertainty, in score units:

        EVPPI = Σ_o p(o) max_a E[s(a, ·) | o] − max_a E[s(a, ·)]
              = Σ_o max_a Σ_{f: u(f) = o} p_f s(a, f) − max_a Σ_f p_f s(a, f),

    outcome_index (F,) giving the uncertainty's outcome in each future. 0 ≤ EVPPI ≤ EVPI; rounding
    residue within the tie tolerance of 0 is reported as exactly 0 (nothing is clipped to EVPI: near it
    the two may differ by rounding, ≈ 1e-16).
    """
    s, p = np.asarray(scores, dtype=float), np.asarray(p, dtype=float)
    _, group = np.unique(np.asarray(outcome_index), return_inverse=True)
    by_outcome = np.zeros((group.max() + 1, s.shape[1]))
    np.add.at(by_outcome, group, p[:, None] * s)
    return _nonnegative(float(by_outcome.max(axis=1).sum() - (p @ s).max()), s)


def _nonnegative(x: float, scores: np.ndarray) -> float:
    """x, or exactly 0.0 when it is negative or within rounding (the tie tolerance) of 0."""
    return x if x > _tolerance(scores) else 0.0


@dataclass(frozen=True)
class FuturesResult:
    """Options judged across futures. Frames:

    futures: one row per future, most probable first; columns (kind, name) with kind `outcome`
      (name = uncertainty), `probability`, `score` (name = option), `best`, `regret` (name = option);
    options: indexed by option id, columns label, expected_score, expected_regret, max_regret,
      worst_score, p_best; evppi: indexed by uncertainty id.
    """

    method: str
    weights: Mapping[str, float]
    uncertainties: Mapping[str, Mapping[str, float]]
    futures: pd.DataFrame
    options: pd.DataFrame
    choices: Mapping[str, str]
    evpi: float
    evppi: pd.Series
    breaks: Mapping[str, list[dict[str, Any]]]

    def to_frame(self) -> pd.DataFrame:
        """Futures × options scores, indexed by the futures' outcomes (or `future` 0 with none)."""
        table = self.futures["score"].copy()
        table.columns.name = "option"
        if len(self.uncertainties):
            table.index = pd.MultiIndex.from_frame(self.futures["outcome"])
        return table

    def to_dict(self) -> dict[str, Any]:
        """The `scenarios futures --format json` document (docs/model-format.md, "Futures")."""
        option_ids = list(self.options.index)
        futures = []
        for _, row in self.futures.iterrows():
            futures.append(
                {
                    "outcomes": {u: row[("outcome", u)] for u in self.uncertainties},
                    "probability": float(row[("probability", "")]),
                    "scores": {a: float(row[("score", a)]) for a in option_ids},
                    "best": row[("best", "")],
                    "regret": {a: float(row[("regret", a)]) for a in option_ids},
                }
            )
        stats = ("expected_score", "expected_regret", "max_regret", "worst_score", "p_best")
        return {
            "method": self.method,
            "weights": {c: float(w) for c, w in self.weights.items()},
            "uncertainties": {
                u: {o: float(q) for o, q in out.items()} for u, out in self.uncertainties.items()
            },
            "futures": futures,
            "options": [
                {"id": a, "label": row["label"], **{k: float(row[k]) for k in stats}}
                for a, row in self.options.iterrows()
            ],
            "choices": dict(self.choices),
            "evpi": float(self.evpi),
            "evppi": {u: float(x) for u, x in self.evppi.items()},
            "breaks": {a: list(rules) for a, rules in self.breaks.items()},
        }


def futures_result(
    scores: np.ndarray,
    p: np.ndarray,
    codes: np.ndarray,
    uncertainties: Mapping[str, Mapping[str, float]],
    options: Mapping[str, str],
    method: str,
    weights: Mapping[str, float],
) -> FuturesResult:
    """Everything `scenarios futures` reports, from the method's point-estimate scores in each future.

    scores (F, m), higher is better; p (F,); codes (F, U) int, codes[f, k] indexing the outcomes of the
    k-th uncertainty of `uncertainties` (id → outcome id → probability, file order); `options` maps
    option id → label in option order. Futures are sorted most probable first (stable, so ties keep
    the given order).
    """
    s, p = np.asarray(scores, dtype=float), np.asarray(p, dtype=float)
    codes = np.asarray(codes, dtype=int).reshape(len(p), len(uncertainties))
    order = np.argsort(-np.round(p, PROBABILITY_DECIMALS), kind="stable")
    s, p, codes = s[order], p[order], codes[order]
    ids, uids = list(options), list(uncertainties)
    names = {u: list(out) for u, out in uncertainties.items()}
    st = summary(s, p)
    tied = tied_best(s)

    columns: dict[tuple[str, str], Any] = {}
    for k, u in enumerate(uids):
        columns[("outcome", u)] = [names[u][c] for c in codes[:, k]]
    columns[("probability", "")] = p
    columns.update({("score", a): s[:, i] for i, a in enumerate(ids)})
    columns[("best", "")] = [ids[i] for i in st["best"]]
    columns.update({("regret", a): r for a, r in zip(ids, regret(s).T, strict=True)})
    futures = pd.DataFrame(columns, index=pd.RangeIndex(len(p), name="future"))

    stats = ("expected_score", "expected_regret", "max_regret", "worst_score", "p_best")
    table = pd.DataFrame({"label": list(options.values()), **{k: st[k] for k in stats}}, index=ids)
    table.index.name = "option"
    return FuturesResult(
        method=method,
        weights=dict(weights),
        uncertainties={u: dict(out) for u, out in uncertainties.items()},
        futures=futures,
        options=table,
        choices={k: ids[i] for k, i in choices(s, p).items()},
        evpi=evpi(s, p),
        evppi=pd.Series({u: evppi(s, p, codes[:, k]) for k, u in enumerate(uids)}, dtype=float, name="evppi"),
        breaks={a: breaks(~tied[:, i], p, codes, names) for i, a in enumerate(ids)},
    )
