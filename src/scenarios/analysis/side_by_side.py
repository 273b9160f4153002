"""SMAA-2 runs side by side and mixed: a stakeholder group's profiles, or several methods.

Each member (a profile, or a method) gets its own run with the same seed — common random
numbers, so the members differ by their weights or method and not by sampling noise. The group
as a whole is the mixture of the members' runs with given shares (equal by default): its rank
acceptability is b(i, r) = Σ_k s_k b_k(i, r), a stratified estimate with standard error
sqrt(Σ_k s_k² SE_k²) (Cochran, *Sampling Techniques*, 3rd ed., 1977, §5.3). That is exactly what
a run drawing the member at random in every draw estimates, with less noise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..model.decision import Model
from ..montecarlo.engine import sensitivity
from ..montecarlo.result import SmaaResult
from .ranking import rank


@dataclass(frozen=True)
class SideBySide:
    """Members' SMAA-2 runs and their mixture. Frames are indexed by option id."""

    kind: str  # "profile" or "method"
    runs: Mapping[str, SmaaResult]
    shares: pd.Series  # (k,) by member, summing to 1
    first: pd.DataFrame  # (m, k + 1) P(first) under each member and "mixed"
    first_se: pd.DataFrame  # (m, k + 1)
    acceptability: pd.DataFrame  # (m, m) the mixture's b(i, r)
    acceptability_se: pd.DataFrame  # (m, m)
    picks: pd.Series  # (k,) the option each member ranks first at its point estimate
    weights: pd.DataFrame | None = None  # (n, k) members' normalized weights (profiles only)

    @property
    def splits(self) -> pd.Series:
        """(n,) criteria by how far apart the members weigh them (max − min normalized weight),
        largest first: where a group's disagreement comes from. Empty for methods."""
        if self.weights is None:
            return pd.Series(dtype=float, name="spread")
        spread = self.weights.max(axis=1) - self.weights.min(axis=1)
        return spread.sort_values(ascending=False, kind="stable").rename("spread")

    @property
    def agree(self) -> bool:
        """Every member picks the same option at its point estimate."""
        return cast(bool, self.picks.nunique() == 1)

    @property
    def compromise(self) -> str | None:
        """When the members disagree: the option whose lowest first-or-second-rank acceptability
        across members is highest and beats every member's own pick on that count — acceptable
        to all rather than first for some. None when they agree or no option does better."""
        if self.agree:
            return None
        top2 = pd.DataFrame({k: r.acceptability[[1, 2]].sum(axis=1) for k, r in self.runs.items()})
        worst = top2.min(axis=1)  # (m,) each option's lowest P(rank ≤ 2) over the members
        best = worst.idxmax()
        return best if worst[best] > worst.drop(best).max() else None

    def to_frame(self) -> pd.DataFrame:
        return self.first

    def to_dict(self) -> dict[str, Any]:
        members = {
            k: {
                "share": float(self.shares[k]),
                "pick": self.picks[k],
                "first": {o: float(v) for o, v in self.first[k].items()},
                "first_se": {o: float(v) for o, v in self.first_se[k].items()},
            }
            for k in self.runs
        }
        out: dict[str, Any] = {
            "kind": self.kind,
            "members": members,
            "mixed": {
                o: {
                    "rank_acceptability": [float(x) for x in self.acceptability.loc[o]],
                    "rank_acceptability_se": [float(x) for x in self.acceptability_se.loc[o]],
                }
                for o in self.acceptability.index
            },
            "agree": bool(self.agree),
            "compromise": self.compromise,
        }
        if self.weights is not None:
            out["splits"] = {c: float(v) for c, v in self.splits.items()}
        return out


def _shares(members: Sequence[str], shares: Sequence[float] | None, flag: str) -> pd.Series:
    if shares is None:
        return pd.Series(1.0 / len(members), index=list(members), name="share")
    if len(shares) != len(members):
        raise UsageError.at(flag, ",".join(map(str, shares)), f"give one share per member ({len(members)})")
    arr = np.asarray(shares, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or arr.sum() <= 0:
        raise UsageError.at(
            flag, ",".join(map(str, shares)), "shares must be non-negative numbers, not all 0"
        )
    return pd.Series(arr / arr.sum(), index=list(members), name="share")


def _combine(
    kind: str,
    runs: dict[str, SmaaResult],
    shares: pd.Series,
    picks: pd.Series,
    weights: pd.DataFrame | None = None,
) -> SideBySide:
    first = pd.DataFrame({k: r.acceptability[1] for k, r in runs.items()})
    first_se = pd.DataFrame({k: r.acceptability_se[1] for k, r in runs.items()})
    acc = sum(shares[k] * r.acceptability for k, r in runs.items())
    se = np.sqrt(sum(shares[k] ** 2 * r.acceptability_se**2 for k, r in runs.items()))
    first["mixed"], first_se["mixed"] = acc[1], se[1]
    return SideBySide(kind, runs, shares, first, first_se, acc, se, picks, weights)


def _check_members(members: Sequence[str], flag: str, known: Sequence[str], what: str) -> list[str]:
    members = list(members)
    if len(members) < 2 or len(set(members)) != len(members):
        raise UsageError.at(flag, ",".join(members), f"name two or more different {what}s")
    for k in members:
        if k not in known:
            raise UsageError.at(flag, k, f"unknown {what}; expected one of {', '.join(known)}")
    return members


def by_profile(
    model: Model,
    profiles: Sequence[str],
    shares: Sequence[float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    **run: Any,
) -> SideBySide:
    """A stakeholder group: one run per profile (its weights with the model's weight
    uncertainty around them), the mixture, and where the profiles agree and disagree."""
    profiles = _check_members(profiles, "--profiles", list(model.profiles), "profile")
    share = _shares(profiles, shares, "--shares")
    runs = {p: sensitivity(model, profile=p, **run) for p in profiles}
    picks = pd.Series({p: rank(model, profile=p, method=run.get("method")).order()[0] for p in profiles})
    weights = pd.DataFrame(
        {p: model.with_profile(p).weights for p in profiles}, index=list(model.criterion_ids)
    )
    return _combine("profile", runs, share, picks, weights)


def by_method(
    model: Model,
    methods: Sequence[str],
    shares: Sequence[float] | None = None,
    **run: Any,
) -> SideBySide:
    """Does the method matter? One run per method (same draws) and a draw over methods."""
    from ..methods import METHODS

    methods = _check_members(methods, "--method", list(METHODS), "method")
    share = _shares(methods, shares, "--shares")
    run.pop("method", None)
    runs = {m: sensitivity(model, method=m, **run) for m in methods}
    picks = pd.Series({m: rank(model, method=m).order()[0] for m in methods})
    return _combine("method", runs, share, picks)
