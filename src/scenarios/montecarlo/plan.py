"""What a worker needs to draw one unit of Monte Carlo draws and turn it into ranking keys.

The seam for other methods, red lines and futures is `Plan.keys`:

    raw, weights = plan.draw(ACCEPTANCE, unit)   # raw (size, m, n) on each criterion's scale
                                                 # (size 1 when scores are fixed), weights (size, n)
    keys = plan.keys(raw, weights)               # (size, m) ranking keys, higher = better, in [0, 1]

Everything statistical downstream (ranks, acceptabilities, central weights, confidence) reads
only the keys. A new aggregation method is an entry in `methods.registry` that `keys` calls;
red lines demote crossing options inside `keys` (e.g. key / 2 for crossers, key / 2 + 1/2 for
the rest, so they stay in [0, 1] and keep their order within each group); per-draw futures
shift `raw` inside `draw` before `keys` sees it. The confidence pass calls `plan.values` and
scores at the central weights with the same method. The keys also feed the score
distribution (mean, quantiles); a method whose index is not on [0, 1], or a red-line
demotion, should rescale inside `keys` and say so, or split keys from reported scores there.
There is no compiled fast path yet: every method goes through this numpy path (a fused kernel
would apply only to additive without red lines or futures, behind the same seam).

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

import numpy as np

from ..methods.registry import score
from ..model.decision import Model
from ..model.distributions import sample_scores, score_ppf
from ..model.values import ValueFunctions
from .sampling import sample_weights

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
    values_of: ValueFunctions
    method: str
    fixed_scores: bool
    sampler: str = "mc"

    @classmethod
    def of(
        cls, model: Model, seed: int, weight_model: str, fixed_scores: bool, method: str, sampler: str = "mc"
    ) -> Plan:
        lower, upper = model.weight_bounds
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
            values_of=ValueFunctions.of(model.criteria),
            method=method,
            fixed_scores=fixed_scores,
            sampler=sampler,
        )

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
        weights = sample_weights(
            rng, unit.size, self.weight_model, self.point, self.lower, self.upper, self.concentration
        )
        return self._raw(rng, unit.size), weights

    def draw_scores(self, stream: int, unit: Unit) -> np.ndarray:
        """Raw scores only (size, m, n), (1, m, n) when fixed: the confidence pass's draws."""
        if self.sampler == "qmc":
            return self._raw_from(self._sobol(stream, unit, self.random_cells.size), unit.size)
        return self._raw(self._rng(stream, unit), unit.size)

    def values(self, raw: np.ndarray) -> np.ndarray:
        """(…, m, n) raw scores → criterion values in [0, 1]."""
        return self.values_of(raw)

    def keys(self, raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Raw scores (size or 1, m, n) and weights (size, n) → (size, m) ranking keys in [0, 1],
        higher = better. The one place draws become rankings (see the module docstring)."""
        values = self.values_of(raw)
        if self.method == "additive" and len(values) == 1:  # fixed scores: one (size, n) @ (n, m)
            return weights @ values[0].T
        return score(self.method, values, weights)

    # ---- randomness ------------------------------------------------------------------------
    def _rng(self, stream: int, unit: Unit) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(stream, unit.index)))

    def _sobol(self, stream: int, unit: Unit, d: int) -> np.ndarray:
        from .qmc import sobol_points

        return sobol_points(self.seed, stream, unit.replicate, unit.offset, unit.size, d)

    def _raw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.fixed_scores:
            return self.value[None]
        return sample_scores(
            rng, size, self.value, self.low, self.high, self.distribution, self.scale_low, self.scale_high
        )

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
