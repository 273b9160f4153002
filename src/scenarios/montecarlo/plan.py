"""What a worker needs to draw one unit of Monte Carlo draws and turn it into ranking keys.

Where draws become rankings:

    raw, weights = plan.draw(ACCEPTANCE, unit)   # raw (size, m, n) on each criterion's scale
                                                 # (size 1 when scores are fixed), weights (size, n)
    keys, scores = plan.keys(raw, weights)       # (size, m) each: what ranks, what is reported

The model's `Evaluation` (value functions, method, red lines) does the scoring, exactly as for
the point ranking: `scores` is each option's 0–1 utility under the method (additive value,
TOPSIS closeness, VIKOR 1 − Q, …) and `keys` the same less a demotion for red-line crossers,
so the ranks, acceptabilities, central weights and confidence factors honour red lines while
the score distributions stay on the 0–1 scale. With `over_futures`, every draw also draws a
future by its probability and shifts its raw scores by that future's effects (a future moves a
score's whole distribution; draws are clipped to the scale). The additive method without red
lines keeps its fast path: one matrix product per unit.

Units: draws are made in units of `unit_size(m, n)` draws (4,096 for small models, fewer for
large ones so a unit's arrays stay near 16 MB). Unit k of stream s draws from its own
`SeedSequence(seed, spawn_key=(s, k))`, so a unit's numbers depend only on (seed, s, k, its
size) — never on which worker draws it, how units are grouped into tasks, or the backend.
With `sampler="qmc"` the draws of replicate r are points `offset … offset + size` of a
scrambled Sobol' sequence seeded from `SeedSequence(seed, spawn_key=(2 + s, r))`, mapped
through the same inverse CDFs (see `montecarlo.qmc`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

import numpy as np

from ..model.decision import Model
from ..model.distributions import NUMPY, Draws, draw_score_inputs, score_groups, score_ppf, scores_from_inputs
from ..model.evaluation import DEMOTION, Evaluation
from .sampling import rng_for_block, sample_weights

UNIT = 4096  # draws per unit for small models: the precision check's granularity
UNIT_ELEMENTS = 1 << 21  # a unit's (draws × m × (n + m)) budget: ~16 MB per float64 array
ACCEPTANCE, CONFIDENCE = 0, 1  # stream ids
SAMPLERS = ("mc", "qmc")


def unit_size(m: int, n: int) -> int:
    """Draws per unit for m options and n criteria: 4,096, or the largest power of two (≥ 1)
    keeping draws × m × (n + m) under 2**21. A function of the model's shape only, so the
    numbers never depend on workers or memory; memory per worker stays ~10 arrays of that size."""
    fit = UNIT_ELEMENTS // max(1, m * (n + m))
    return int(min(UNIT, 1 << max(0, fit.bit_length() - 1)))


@dataclass(frozen=True)
class Unit:
    """A run of `size` draws: unit `index` of its stream; draws `offset…` of its replicate."""

    index: int
    replicate: int
    offset: int
    size: int


def layout(samples: int, size: int, replicates: int = 1) -> list[Unit]:
    """The units making up `samples` draws, in fold order.

    One replicate (Monte Carlo): consecutive units of `size`, the last one ragged. With R
    quasi-Monte Carlo replicates, replicate r holds samples // R draws (one more for the first
    samples % R), and units go round-robin (unit j of replicate 0, 1, …, R−1, then j + 1), so
    every prefix of whole rounds has equal replicates."""
    per = [samples // replicates + (r < samples % replicates) for r in range(replicates)]
    out: list[Unit] = []
    for offset in range(0, max(per), size):
        for r, total in enumerate(per):
            if offset < total:
                out.append(Unit(len(out), r, offset, min(size, total - offset)))
    return out


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to draw and evaluate a unit; small and picklable."""

    seed: int
    weight_model: str
    point: np.ndarray  # (n,) point weights
    lower: np.ndarray  # (n,) weight bounds (intervals model)
    upper: np.ndarray
    concentration: float
    value: np.ndarray  # (m, n) score point estimates on each criterion's scale
    low: np.ndarray  # (m, n)
    high: np.ndarray  # (m, n)
    distribution: np.ndarray  # (m, n) str
    scale_low: np.ndarray  # (n,)
    scale_high: np.ndarray  # (n,)
    evaluation: Evaluation
    fixed_scores: bool
    sampler: str = "mc"
    futures: tuple[np.ndarray, np.ndarray] | None = None  # (F, m, n) score shifts, (F,) probabilities

    @classmethod
    def of(
        cls,
        model: Model,
        seed: int,
        weight_model: str,
        fixed_scores: bool,
        method: str,
        sampler: str = "mc",
        over_futures: bool = False,
        given: dict[str, str] | None = None,
    ) -> Plan:
        """`over_futures`: draw a future per draw among those where `given` holds."""
        lower, upper = model.weight_bounds
        futures = None
        if over_futures:
            codes, p, _ = model.futures.conditioned(given or {})
            futures = (model.values_in_futures(codes) - model.score_array("value"), p)
        lo, hi = model.scale
        return cls(
            seed=seed,
            weight_model=weight_model,
            point=model.weights,
            lower=lower,
            upper=upper,
            concentration=model.concentration,
            value=model.score_array("value"),
            low=model.score_array("low"),
            high=model.score_array("high"),
            distribution=model.score_array("distribution"),
            scale_low=lo,
            scale_high=hi,
            evaluation=Evaluation.of(model, method),
            fixed_scores=fixed_scores,
            sampler=sampler,
            futures=futures,
        )

    @property
    def method(self) -> str:
        return self.evaluation.name

    @property
    def shape(self) -> tuple[int, int]:
        return self.value.shape

    @property
    def unit(self) -> int:
        return unit_size(*self.shape)

    @property
    def random_cells(self) -> np.ndarray:
        """Flat indices of the (m, n) cells whose scores are uncertain."""
        fixed = (self.distribution == "fixed") | (self.low == self.high)
        return np.flatnonzero(~fixed.ravel())

    def draw(self, stream: int, unit: Unit) -> tuple[np.ndarray, np.ndarray]:
        """Raw scores (size, m, n) — (1, m, n) when scores are fixed — and weights (size, n)."""
        if self.sampler == "qmc":
            from .qmc import weight_dimensions, weights_from_uniforms

            dw = weight_dimensions(self)
            u = self._sobol(stream, unit, dw + (0 if self.fixed_scores else self.random_cells.size))
            return self._raw_from(u[:, dw:], unit.size), weights_from_uniforms(self, u[:, :dw])
        rng = self._rng(stream, unit)
        weights = self._weights(rng, unit.size)
        return self._shifted(rng, self._raw(rng, unit.size), unit.size), weights

    def draw_scores(self, stream: int, unit: Unit) -> np.ndarray:
        """Raw scores only (size, m, n), (1, m, n) when fixed: the confidence pass's draws."""
        if self.sampler == "qmc":
            return self._raw_from(self._sobol(stream, unit, self.random_cells.size), unit.size)
        rng = self._rng(stream, unit)
        return self._shifted(rng, self._raw(rng, unit.size), unit.size)

    def keys(self, raw: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Raw scores (size or 1, m, n) and weights (size, n) → ranking keys and reported scores,
        each (size, m), higher = better (see the module docstring)."""
        ev = self.evaluation
        if ev.name == "additive":  # the hot path: weighted sums of values, no intermediates
            scores = weighted_sums(ev.values_of(raw), weights)
            return self._demoted(scores, raw), scores
        raw = np.broadcast_to(raw, (len(weights), *raw.shape[1:]))
        scores = ev.utility(ev.result(raw, weights))
        keys = ev.keys(raw, weights) if ev.has_red_lines else scores
        return keys, scores

    def under(self, raw: np.ndarray, central: np.ndarray) -> np.ndarray:
        """(m, m, size) keys of every option (axis 1) under each option's central weights
        (axis 0), for the confidence factors; rows of options with no central weights are 0."""
        m = central.shape[0]
        defined = np.all(np.isfinite(central), axis=1)
        cw = np.where(defined[:, None], central, 0.0)
        ev = self.evaluation
        if ev.name == "additive":  # criterion by criterion, as `weighted_sums`
            by_criterion = np.ascontiguousarray(ev.values_of(raw).transpose(2, 1, 0))  # (n, m, size)
            out = cw[:, 0, None, None] * by_criterion[0]
            for j in range(1, len(by_criterion)):
                out += cw[:, j, None, None] * by_criterion[j]
            return self._demoted(out, raw.transpose(1, 0, 2)[None]) if ev.has_red_lines else out
        size = len(raw)
        out = np.zeros((m, m, size))
        for i in np.flatnonzero(defined):
            out[i] = ev.keys(raw, np.broadcast_to(cw[i], (size, cw.shape[1]))).T
        return out

    def _demoted(self, scores: np.ndarray, raw: np.ndarray) -> np.ndarray:
        """Additive keys: `scores` (…, m) less DEMOTION where `raw` (…, m, n) crosses a red line."""
        if not self.evaluation.has_red_lines:
            return scores
        crossed = np.any(self.evaluation.crossed(raw), axis=-1)
        out: np.ndarray = scores - DEMOTION * crossed
        return out

    # ---- randomness ------------------------------------------------------------------------
    def _shifted(self, rng: np.random.Generator, raw: np.ndarray, size: int) -> np.ndarray:
        """raw (size or 1, m, n) moved into a future drawn for each of `size` draws (after every
        other draw of the unit, so runs without futures keep their streams), clipped to the scale."""
        if self.futures is None:
            return raw
        shifts, p = self.futures
        which = rng.choice(len(p), size=size, p=p)
        return cast(np.ndarray, np.clip(raw + shifts[which], self.scale_low, self.scale_high))

    def _rng(self, stream: int, unit: Unit) -> np.random.Generator:
        return rng_for_block(self.seed, stream, unit.index)

    def _sobol(self, stream: int, unit: Unit, d: int) -> np.ndarray:
        from .qmc import sobol_points

        return sobol_points(self.seed, stream, unit.replicate, unit.offset, unit.size, d)

    @cached_property
    def groups(self) -> Any:
        """The score cells grouped by how they are drawn (`model.distributions.score_groups`)."""
        return score_groups(
            self.value, self.low, self.high, self.distribution, self.scale_low, self.scale_high
        )

    def inputs(
        self, stream: int, unit: Unit, draws: Draws = NUMPY
    ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
        """What a Monte Carlo unit (no futures) is made from, drawn as `draw` (stream 0) or
        `draw_scores` (stream 1) draws it: weights (size, n) (None on stream 1), uniforms
        (k, size) of `groups.inverse` and drawn scores (h, size) of `groups.hard` (k = h = 0
        with fixed scores); `scores_from_inputs` turns the last two into `draw`'s raw scores.
        `draws` makes the random numbers (the same numbers whichever it is)."""
        rng = self._rng(stream, unit)
        weights = self._weights(rng, unit.size, draws) if stream == ACCEPTANCE else None
        if self.fixed_scores:
            return weights, np.empty((0, unit.size)), np.empty((0, unit.size))
        return (weights, *draw_score_inputs(rng, unit.size, self.groups, draws))

    def _weights(self, rng: np.random.Generator, size: int, draws: Draws = NUMPY) -> np.ndarray:
        return sample_weights(
            rng, size, self.weight_model, self.point, self.lower, self.upper, self.concentration, draws
        )

    def _raw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.fixed_scores:
            return self.value[None]
        return scores_from_inputs(self.groups, *draw_score_inputs(rng, size, self.groups))

    def _raw_from(self, u: np.ndarray, size: int) -> np.ndarray:
        if self.fixed_scores:
            return self.value[None]
        m, n = self.shape
        full = np.full((size, m * n), 0.5)
        full[:, self.random_cells] = u
        return score_ppf(
            full.reshape(size, m, n),
            self.value,
            self.low,
            self.high,
            self.distribution,
            self.scale_low,
            self.scale_high,
        )


def weighted_sums(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Additive scores Σ_j w_j v_ij, summed criterion by criterion (j = 0, 1, …) in float64.

    values: (size or 1, m, n) in [0, 1]; weights: (size, n) → (size, m). The order of the sum
    is fixed (not a BLAS product's) so the compiled kernel gives the same last bit.
    """
    out = values[..., 0] * weights[:, None, 0]
    for j in range(1, values.shape[-1]):
        out += values[..., j] * weights[:, None, j]
    return cast(np.ndarray, out)
