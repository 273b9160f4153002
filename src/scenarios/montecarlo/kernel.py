"""The compiled SMAA-2 kernel: one pass per draw from drawn numbers to every statistic (numba).

Optional. When numba is installed and the plan uses the additive method (red lines or not)
with Monte Carlo draws and no futures, a unit's draws go through `Kernel.acceptance` and
`Kernel.confidence` here instead of numpy's `Plan.draw → Plan.keys → SmaaAccumulator.add`
(and `draw_scores → under → add_under`). The
random numbers are numpy's (`Plan.inputs`: weights, uniforms, PERT/normal scores), made by
compiled copies of numpy's own algorithms (`draws_numba`: the same numbers, ~2.5× faster for
gammas and betas); the kernel does the rest per draw — inverse
CDFs of uniform and triangular cells, value functions, weighted sums, red lines, ranks by
comparison, pairwise counts, histogram bins and the float sums — with the numpy path's
arithmetic in the numpy path's order (sums run criterion by criterion, then draw by draw), so
both give the same numbers to the last bit for the same seed (tests/test_kernel.py). No
float32: the sums feed 1e-12 tie tests.

`SCENARIOS_KERNEL=numpy` turns the kernel off (the numpy path is always there). The first use
after installing compiles it (about 7 s); numba caches the machine code on disk after that.
Runs shorter than MIN_DRAWS do not load it (`worth_loading`).
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from ..model.distributions import NUMPY, Draws
from ..model.evaluation import DEMOTION
from .plan import ACCEPTANCE, CONFIDENCE, Plan, Unit
from .smaa import TIE_TOLERANCE, ConfidenceAccumulator, SmaaAccumulator

ENV = "SCENARIOS_KERNEL"  # "numpy" turns the compiled kernel off
# Loading numba and the cached kernels takes ~0.4 s, which the kernel wins back (~0.5 µs per
# draw) only past ~800,000 draws; smaller runs use numpy unless the kernel is already loaded.
MIN_DRAWS = 500_000


def worth_loading(samples: int) -> bool:
    """Whether a run of `samples` draws should use the kernel: long enough to repay loading
    it, or it is loaded already (an earlier run in this process). Only speed depends on it."""
    return samples >= MIN_DRAWS or f"{__package__}.kernel_numba" in sys.modules


def for_plan(plan: Plan) -> Kernel | None:
    """The compiled kernel for `plan`'s units, or None where the numpy path runs: numba not
    installed, SCENARIOS_KERNEL=numpy, a method other than additive, QMC draws, or futures."""
    if (
        os.environ.get(ENV, "").strip().lower() == "numpy"
        or plan.evaluation.name != "additive"
        or plan.sampler != "mc"
        or plan.futures is not None
        or _compiled() is None
    ):
        return None
    return Kernel(plan, cells(plan))


def warm(plan: Plan) -> None:
    """Load (or compile) the kernels in this process for `plan`'s argument types, so worker
    processes forked afterwards start with them instead of each loading numba (~0.5 s)."""
    k = for_plan(plan)
    if k is not None:
        k.acceptance(Unit(0, 0, 0, 1))
        k.confidence(Unit(0, 0, 0, 1), np.tile(plan.point, (plan.shape[0], 1)))


@dataclass(frozen=True)
class Kernel:
    """A plan's units through the compiled kernels; `cells` are the plan's tables (`cells`)."""

    plan: Plan
    cells: tuple[Any, ...]

    def acceptance(self, unit: Unit, bins: int = 2000) -> SmaaAccumulator:
        """One unit of stream 0: the same accumulator as `SmaaAccumulator.add` of
        `Plan.keys` of `Plan.draw(ACCEPTANCE, unit)`, to the last bit."""
        weights, u, hard = self.plan.inputs(ACCEPTANCE, unit, _draws())
        assert weights is not None
        m, n = self.plan.shape
        acc = SmaaAccumulator.empty(m, n, bins)
        lo_hi = np.empty(2)
        sums = (np.zeros((m, n)), np.zeros(m), np.zeros(m))
        _compiled().acceptance(
            np.ascontiguousarray(weights.T),
            u,
            hard,
            self.cells,
            TIE_TOLERANCE,
            acc.rank_counts,
            acc.pairwise_counts,
            acc.score_hist,
            *sums,
            lo_hi,
            *_scratch(m, n),
        )
        if not (lo_hi[0] >= -1e-9 and lo_hi[1] <= 1.0 + 1e-9):
            raise ValueError(f"scores must lie in [0, 1], got range [{lo_hi[0]}, {lo_hi[1]}]")
        acc.add_sums(sums)
        acc.draws = unit.size
        return acc

    def confidence(self, unit: Unit, central: np.ndarray) -> ConfidenceAccumulator:
        """One unit of stream 1: first counts of each option under its central weights (m, n)
        (NaN rows: never first), as `Plan.under` + `ConfidenceAccumulator.add_under`."""
        _, u, hard = self.plan.inputs(CONFIDENCE, unit, _draws())
        m, n = self.plan.shape
        acc = ConfidenceAccumulator.empty(m)
        defined = np.all(np.isfinite(central), axis=1)
        acc.defined &= defined
        cw = np.where(defined[:, None], central, 0.0)
        scratch = _scratch(m, n)[:4]
        _compiled().confidence(u, hard, self.cells, TIE_TOLERANCE, cw, defined, acc.first_counts, *scratch)
        acc.draws = unit.size
        return acc


def cells(plan: Plan) -> tuple[Any, ...]:
    """The plan's per-cell tables, as the one tuple the kernels take (`kernel_numba.Cells`).

    Quotients the numpy path computes per draw (the triangular peak (mode − low)/width, value
    function slopes) are computed here once with the same numpy operations, so they are the
    same numbers."""
    g = plan.groups
    ev = plan.evaluation
    mode, low, high = g.inverse_cells
    inverse, hard = g.inverse, g.hard
    if plan.fixed_scores:  # every cell at its value
        inverse, hard = inverse[:0], hard[:0]
    width = high - low
    xs, vs, points = ev.values_of.tables()
    with np.errstate(divide="ignore", invalid="ignore"):  # padding beyond a curve's points
        slope = (vs[:, 1:] - vs[:, :-1]) / (xs[:, 1:] - xs[:, :-1])
    return (
        np.array(plan.value, dtype=float).ravel(),
        np.setdiff1d(np.arange(plan.value.size), np.concatenate([inverse, hard])).astype(np.int64),
        inverse.astype(np.int64),
        g.inverse_kind.astype(np.int64),
        (mode - low) / width,
        low,
        width,
        hard.astype(np.int64),
        ev.values_of.a,
        ev.values_of.b,
        xs,
        vs,
        slope,
        points,
        np.asarray(ev.red_lines, dtype=float),
        np.array([b == "lower" for b in ev.better]),
        DEMOTION if ev.has_red_lines else 0.0,  # 0: no red line, no checks
    )


_SCRATCH = threading.local()


def _scratch(m: int, n: int) -> tuple[np.ndarray, ...]:
    """This thread's scratch arrays for blocks of B draws: raw, val (m·n, B), score, key (m, B)
    and above (m, B) int64, B a power of two from 16 to 1,024 keeping raw and val within ~1 MB.
    Long loops over draws matter more than fitting L2: on a 13 × 11 model, 256-draw blocks
    took 1.1 and 0.9 µs per draw (acceptance, confidence) where 32-draw blocks within 128 KB
    took 2.0 and 2.4. Reused: fresh arrays per unit cost page faults worth as much as the kernel."""
    block = 1 << max(4, min(10, (65536 // (m * n)).bit_length() - 1))
    work: tuple[np.ndarray, ...] | None = getattr(_SCRATCH, "work", None)
    if work is None or work[0].shape != (m * n, block) or work[2].shape != (m, block):
        work = (
            np.empty((m * n, block)),
            np.empty((m * n, block)),
            np.empty((m, block)),
            np.empty((m, block)),
            np.empty((m, block), dtype=np.int64),
        )
        _SCRATCH.work = work
    return work


@cache
def _compiled() -> Any:
    """The compiled kernels' module, None without numba."""
    try:
        from . import kernel_numba
    except ImportError:
        return None
    return kernel_numba


@cache
def _draws() -> Draws:
    """numpy's uniform, exponential, gamma and beta draws, compiled (`draws_numba.COMPILED`):
    the same numbers. numpy's own (`NUMPY`) if they cannot be loaded or do not agree with this numpy."""
    try:
        from . import draws_numba
    except ImportError:
        return NUMPY
    return draws_numba.COMPILED if draws_numba.agrees_with_numpy() else NUMPY
