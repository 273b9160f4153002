"""The immutable decision model: criteria, options with their scores, profiles and defaults.

Built once by `load.py` (which does all validation); everything downstream reads it and never
changes it. What-ifs are copies: `model.with_weights(...)`, `model.with_score(...)`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import Problem, UsageError
from .futures import Futures, apply_effects


@dataclass(frozen=True)
class Criterion:
    """A criterion; `weight` is the normalized point weight, `weight_range` in the same units."""

    id: str
    label: str
    better: str  # "lower" | "higher"
    scale: tuple[float, float]
    weight: float
    weight_range: tuple[float, float] | None = None
    value_function: tuple[tuple[float, float], ...] | None = None
    description: str = ""
    red_line: float | None = None  # a score strictly worse than this (by `better`) crosses it

    def value_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The value function as (xs, vs) breakpoints, xs increasing over the scale, vs in [0, 1]."""
        if self.value_function:
            xs, vs = zip(*self.value_function, strict=True)
            return np.array(xs, float), np.array(vs, float)
        lo, hi = self.scale
        ends = [0.0, 1.0] if self.better == "higher" else [1.0, 0.0]
        return np.array([lo, hi], float), np.array(ends)


@dataclass(frozen=True)
class Score:
    """One option's score on one criterion, on the criterion's scale; low == high when certain."""

    value: float
    low: float
    high: float
    distribution: str = "fixed"  # fixed | uniform | triangular | pert | normal
    rationale: str = ""
    basis: str = ""  # "stated" | "implied" | "judgment": does the source state it? ("" = not said)

    @property
    def uncertain(self) -> bool:
        return self.high > self.low and self.distribution != "fixed"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    scores: Mapping[str, Score]
    summary: str = ""
    source: str = ""  # the file it came from


@dataclass(frozen=True)
class Profile:
    """A named stakeholder weight set; `weights` are the raw numbers as written, in criterion order."""

    id: str
    label: str
    weights: tuple[float, ...]
    description: str = ""
    elicitation: Mapping[str, object] | None = None  # how the weights were elicited, as recorded


@dataclass(frozen=True)
class Model:
    """A whole decision. Options are axis −2 and criteria axis −1 of every array it hands out."""

    title: str
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    source: str = ""
    path: Path | None = None
    method: str = "additive"
    samples: int = 100_000
    seed: int = 2025
    weight_model: str = "dirichlet"
    concentration: float = 40.0
    method_params: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    futures: Futures = field(default_factory=Futures)  # no futures.toml: the one plain future
    future: Mapping[str, str] = field(default_factory=dict)  # outcomes already applied (`in_future`)

    # ---- ids and arrays -------------------------------------------------------------------
    @cached_property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def weights(self) -> np.ndarray:
        """(n,) normalized point weights."""
        return np.array([c.weight for c in self.criteria])

    @property
    def weight_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(n,), (n,) lower and upper weight bounds; [0, 1] where a criterion gives no range."""
        rng = [c.weight_range or (0.0, 1.0) for c in self.criteria]
        return np.array([r[0] for r in rng]), np.array([r[1] for r in rng])

    def score_array(self, attr: str) -> np.ndarray:
        """(m, n) array of one Score attribute (`value`, `low`, `high`, `distribution`)."""
        cells = [[getattr(o.scores[c], attr) for c in self.criterion_ids] for o in self.options]
        return np.array(cells, dtype=object if attr in ("distribution", "rationale") else float)

    @cached_property
    def red_lines(self) -> np.ndarray:
        """(n,) each criterion's red line on its scale, NaN where it has none."""
        return np.array([np.nan if c.red_line is None else c.red_line for c in self.criteria])

    @cached_property
    def scale(self) -> tuple[np.ndarray, np.ndarray]:
        """(n,), (n,) each criterion's scale low and high."""
        return (
            np.array([c.scale[0] for c in self.criteria]),
            np.array([c.scale[1] for c in self.criteria]),
        )

    @property
    def uncertain_scores(self) -> bool:
        return any(s.uncertain for o in self.options for s in o.scores.values())

    def criterion(self, cid: str) -> Criterion:
        return self.criteria[self.criterion_index(cid)]

    def criterion_index(self, cid: str, where: str = "--criterion") -> int:
        try:
            return self.criterion_ids.index(cid)
        except ValueError:
            raise UsageError.at(
                where, cid, f"unknown criterion; expected one of {_ids(self.criterion_ids)}"
            ) from None

    def option_index(self, oid: str, where: str = "--option") -> int:
        try:
            return self.option_ids.index(oid)
        except ValueError:
            raise UsageError.at(
                where, oid, f"unknown option; expected one of {_ids(self.option_ids)}"
            ) from None

    def profile(self, name: str) -> Profile:
        if name not in self.profiles:
            known = _ids(self.profiles) if self.profiles else "none (the model defines no profiles)"
            raise UsageError.at("--profile", name, f"unknown profile; expected one of {known}")
        return self.profiles[name]

    # ---- what-ifs -------------------------------------------------------------------------
    def with_weights(
        self, weights: Mapping[str, float] | np.ndarray | None = None, where: str = "weights"
    ) -> Model:
        """A copy with new point weights: a full (n,) array, or a mapping of some criterion ids
        to raw weights (the others keep theirs), renormalized to sum 1."""
        if weights is None:
            return self
        raw = self.weights.copy()
        if isinstance(weights, Mapping):
            for cid, w in weights.items():
                raw[self.criterion_index(cid, where)] = _weight(w, where, cid)
        else:
            arr = np.asarray(weights, dtype=float)
            if arr.shape != raw.shape:
                raise UsageError.at(where, "", f"expected {raw.size} weights, got shape {arr.shape}")
            raw = np.array([_weight(w, where, cid) for cid, w in zip(self.criterion_ids, arr, strict=True)])
        if raw.sum() <= 0:
            raise UsageError.at(where, "", "weights are all zero; at least one must be positive")
        raw = raw / raw.sum()
        crits = tuple(
            dataclasses.replace(c, weight=float(w)) for c, w in zip(self.criteria, raw, strict=True)
        )
        return dataclasses.replace(self, criteria=crits)

    def with_red_lines(self, lines: Mapping[str, float | None], where: str = "--red-line") -> Model:
        """A copy with red lines set (a number on the criterion's scale) or removed (None)."""
        crits = list(self.criteria)
        for cid, line in lines.items():
            j = self.criterion_index(cid, where)
            if line is not None:
                if isinstance(line, bool) or not isinstance(line, int | float | np.number):
                    raise UsageError.at(where, cid, f"red line must be a number, got {line!r}")
                lo, hi = crits[j].scale
                if not (np.isfinite(line) and lo <= line <= hi):
                    raise UsageError.at(where, cid, f"red line {line} is outside the scale [{lo:g}, {hi:g}]")
            crits[j] = dataclasses.replace(crits[j], red_line=None if line is None else float(line))
        return dataclasses.replace(self, criteria=tuple(crits))

    def values_in_futures(self, codes: np.ndarray) -> np.ndarray:
        """(F, m, n) point scores in each future (rows of `futures.codes()`), effects applied and
        clipped to the scale; a future's effects shift a score's whole distribution alike."""
        value = self.score_array("value")
        out = np.empty((len(codes), *value.shape))
        for f, row in enumerate(codes):
            outcomes = self.futures.outcomes_of(row)
            ids = (self.option_ids, self.criterion_ids)
            out[f] = apply_effects(self.futures, outcomes, *ids, value, value, value, *self.scale)[0]
        return out

    def in_future(self, outcomes: Mapping[str, str], where: str = "--future") -> Model:
        """A copy whose scores are those of the futures where `outcomes` ({uncertainty: outcome})
        hold: every effect whose `when` is met shifts (or sets) its scores, range included, clipped
        to the scale. Uncertainties not named hold no outcome, so effects that need them do not
        apply. `future` records the outcomes; a model conditions once."""
        if not outcomes:
            return self
        self.futures.check_outcomes(outcomes, where)
        if self.future:
            raise UsageError.at(where, "", f"the model is already conditioned on {dict(self.future)}")
        value, low, high = apply_effects(
            self.futures,
            outcomes,
            self.option_ids,
            self.criterion_ids,
            self.score_array("value"),
            self.score_array("low"),
            self.score_array("high"),
            self.scale[0],
            self.scale[1],
        )
        options = []
        for i, o in enumerate(self.options):
            scores = {}
            for j, cid in enumerate(self.criterion_ids):
                s = o.scores[cid]
                new = (float(value[i, j]), float(low[i, j]), float(high[i, j]))
                scores[cid] = (
                    s
                    if new == (s.value, s.low, s.high)
                    else dataclasses.replace(s, value=new[0], low=new[1], high=new[2])
                )
            options.append(dataclasses.replace(o, scores=scores))
        return dataclasses.replace(self, options=tuple(options), future=dict(outcomes))

    def with_profile(self, name: str) -> Model:
        """A copy whose point weights are those of stakeholder profile `name`."""
        return self.with_weights(np.array(self.profile(name).weights), where="--profile")

    def with_score(
        self,
        option: str,
        criterion: str,
        value: float | None = None,
        range: tuple[float, float] | None = None,
        distribution: str | None = None,
        rationale: str | None = None,
    ) -> Model:
        """A copy with one score changed; unspecified fields keep their current values."""
        i, j = self.option_index(option), self.criterion_index(criterion)
        old = self.options[i].scores[criterion]
        low, high = range if range is not None else (old.low, old.high)
        new = Score(
            value=old.value if value is None else float(value),
            low=float(low),
            high=float(high),
            distribution=distribution
            or (old.distribution if range is None or old.uncertain else "triangular"),
            rationale=old.rationale if rationale is None else rationale,
        )
        if value is not None and range is None and not old.low <= new.value <= old.high:
            new = dataclasses.replace(new, low=new.value, high=new.value, distribution="fixed")
        bad = score_problems(new, self.criteria[j])
        if bad:
            raise UsageError(Problem(f"option {option}", f"scores.{criterion}", b) for b in bad)
        scores = {**self.options[i].scores, criterion: new}
        options = list(self.options)
        options[i] = dataclasses.replace(self.options[i], scores=scores)
        return dataclasses.replace(self, options=tuple(options))


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _weight(w: object, where: str, cid: str) -> float:
    if isinstance(w, bool) or not isinstance(w, int | float | np.number) or not np.isfinite(w):
        raise UsageError.at(where, cid, f"weight must be a finite number, got {w!r}")
    if w < 0:
        raise UsageError.at(where, cid, f"weight must not be negative, got {w}")
    return float(w)


def score_problems(s: Score, c: Criterion) -> list[str]:
    """What is wrong with score `s` on criterion `c` (empty when nothing is)."""
    lo, hi = c.scale
    problems = []
    if not lo <= s.value <= hi:
        problems.append(f"value {s.value:g} is outside the scale [{lo:g}, {hi:g}]")
    if s.low > s.high:
        problems.append(f"range: low {s.low:g} is above high {s.high:g}")
    elif not s.low <= s.value <= s.high:
        problems.append(f"range [{s.low:g}, {s.high:g}] does not contain the value {s.value:g}")
    elif s.low < lo or s.high > hi:
        problems.append(f"range [{s.low:g}, {s.high:g}] leaves the scale [{lo:g}, {hi:g}]")
    return problems
