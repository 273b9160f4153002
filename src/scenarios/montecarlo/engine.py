"""Monte Carlo engine: seeded fixed-size blocks, drawn and evaluated vectorized, folded in order.

Reproducibility contract: block k of stream s draws from
`SeedSequence(seed, spawn_key=(s, k))` and blocks are folded in block order, so the same
seed gives the same numbers whatever the worker count or the grouping of blocks into tasks.
Stream 0 draws (weights, scores) for the acceptability statistics; stream 1 draws fresh
scores for the confidence factors (SMAA-2 holds each option's central weights fixed and
re-draws the scores — fresh draws, not the stream-0 ones, so the two passes are independent).
Memory is bounded by `BLOCK` draws per worker, whatever the sample count.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ..errors import UsageError
from ..model.decision import Model
from ..model.distributions import sample_scores
from ..model.prepare import prepare
from ..model.values import ValueFunctions
from ..model.weight_space import WEIGHT_MODELS
from .result import SmaaResult
from .sampling import rng_for_block, sample_weights
from .smaa import ConfidenceAccumulator, SmaaAccumulator, standard_error

BLOCK = 32_768  # draws per block: part of the reproducibility contract, do not tune per run
ACCEPTANCE, CONFIDENCE = 0, 1  # stream ids
BACKENDS = ("processes", "dask")

Progress = Callable[[int, int], None]  # (draws done, draws planned)


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to draw and evaluate a block; small and picklable."""

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

    @classmethod
    def of(cls, model: Model, seed: int, weight_model: str, fixed_scores: bool, method: str) -> Plan:
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
        )

    @property
    def shape(self) -> tuple[int, int]:
        return self.value.shape

    def draw_values(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """(size, m, n) criterion values in [0, 1]; (1, m, n) when scores are fixed."""
        if self.fixed_scores:
            return self.values_of(self.value)[None]
        raw = sample_scores(
            rng, size, self.value, self.low, self.high, self.distribution, self.scale_low, self.scale_high
        )
        return self.values_of(raw)

    def draw_weights(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """(size, n) weights on the simplex."""
        return sample_weights(
            rng, size, self.weight_model, self.point, self.lower, self.upper, self.concentration
        )


def block_sizes(samples: int) -> list[int]:
    """Sizes of the blocks that make up `samples` draws: full blocks, then the remainder."""
    full, rest = divmod(samples, BLOCK)
    return [BLOCK] * full + ([rest] if rest else [])


def acceptance_blocks(plan: Plan, first: int, sizes: list[int]) -> list[SmaaAccumulator]:
    """Draw blocks first, first+1, … of stream 0, one accumulator per block (kept apart so
    the fold order, and hence every float sum, does not depend on how blocks are grouped)."""
    out = []
    for k, size in enumerate(sizes, start=first):
        rng = rng_for_block(plan.seed, ACCEPTANCE, k)
        weights = plan.draw_weights(rng, size)
        scores = (plan.draw_values(rng, size) @ weights[..., :, None])[
            ..., 0
        ]  # additive until methods land here
        acc = SmaaAccumulator.empty(*plan.shape)
        acc.add(weights, scores)
        out.append(acc)
    return out


def confidence_blocks(
    plan: Plan, first: int, sizes: list[int], central: np.ndarray
) -> list[ConfidenceAccumulator]:
    """Re-draw scores (stream 1) and count wins at each option's central weights (m, n)."""
    out = []
    for k, size in enumerate(sizes, start=first):
        values = plan.draw_values(rng_for_block(plan.seed, CONFIDENCE, k), size)
        acc = ConfidenceAccumulator.empty(plan.shape[0])
        acc.add(np.broadcast_to(values, (size, *plan.shape)), central)
        out.append(acc)
    return out


def tasks(fn, plan: Plan, sizes: list[int], group: int, *extra) -> Iterator[tuple]:
    """`(fn, plan, first block, sizes of its blocks, *extra)` for consecutive groups of blocks."""
    for start in range(0, len(sizes), group):
        yield (fn, plan, start, sizes[start : start + group], *extra)


def _quiet_worker() -> None:
    """Worker setup: the parent handles Ctrl-C (and reports partial results); BLAS keeps to one
    thread per worker, or `workers` processes × BLAS threads oversubscribe the cores (measured:
    the confidence pass ran 2× slower per block with 2 workers before this)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(1)


def _call(task: tuple):
    fn, *args = task
    return fn(*args)


def run_blocks(work: Iterable[tuple], workers: int, backend: str = "processes") -> Iterator:
    """Run tasks, yielding each block's accumulator in block order (the fold order).

    With one worker everything runs in this process. "processes" uses a local process pool;
    "dask" hands the tasks to dask (a `distributed.Client` if one is active, so blocks can run
    on a cluster). Either way only a window of 2 × workers tasks is in flight, so memory stays
    bounded by about 2 × workers × group × BLOCK draws.
    """
    if backend == "dask":
        yield from _run_dask(work, workers)
    elif workers <= 1:
        for t in work:
            yield from _call(t)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
            pending = []
            try:
                for t in work:
                    pending.append(pool.submit(_call, t))
                    if len(pending) >= 2 * workers:
                        yield from pending.pop(0).result()
                while pending:
                    yield from pending.pop(0).result()
            finally:
                for f in pending:
                    f.cancel()


def _run_dask(work: Iterable[tuple], workers: int) -> Iterator:
    import dask  # optional extra: pip install 'scenarios[dask]'

    window: list = []
    for t in [*work, None]:
        if t is not None:
            window.append(dask.delayed(_call)(t))
        if window and (t is None or len(window) >= 2 * workers):
            for result in dask.compute(*window):
                yield from result
            window = []


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def sensitivity(
    model: Model,
    samples: int | None = None,
    *,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    seed: int | None = None,
    weight_model: str | None = None,
    fixed_scores: bool = False,
    workers: int | None = None,
    precision: float | None = None,
    method: str | None = None,
    progress: Progress | None = None,
    group: int = 1,
    backend: str = "processes",
):
    """SMAA-2 over uncertain weights (and scores unless `fixed_scores`), in seeded blocks.

    `profile` and `weights` set the point weights as in `rank()`.
    samples: draws to make (default: the model's); with `precision`, drawing stops at the
    first block after which every rank acceptability's standard error is below it.
    Ctrl-C stops cleanly: the result holds the blocks folded so far, marked `partial`.
    `group` blocks go to a worker at a time and `backend` ("processes" or "dask") says who
    runs them; both change speed, never the numbers.
    Returns a `SmaaResult`.
    """
    model, method = prepare(model, weights, profile, method)
    samples = model.samples if samples is None else samples
    seed = model.seed if seed is None else seed
    weight_model = weight_model or model.weight_model
    workers = default_workers() if workers is None else workers
    check_run(samples, seed, precision, workers, weight_model, backend)
    plan = Plan.of(model, seed, weight_model, fixed_scores, method)
    sizes = block_sizes(samples)
    m, n = plan.shape
    acc, partial = SmaaAccumulator.empty(m, n), False
    total = samples * (1 if fixed_scores else 2)
    conf = None
    try:
        for part in run_blocks(tasks(acceptance_blocks, plan, sizes, group), workers, backend):
            acc.merge(part)
            if progress:
                progress(acc.draws, total)
            if precision is not None and standard_error(acc.acceptability(), acc.draws).max() < precision:
                break
        central = acc.central_weights()
        conf = ConfidenceAccumulator.empty(m)
        conf_tasks = tasks(confidence_blocks, plan, block_sizes(acc.draws), group, central)
        for part in run_blocks(conf_tasks, 1 if fixed_scores else workers, backend):
            conf.merge(part)
            if progress:
                progress(acc.draws + conf.draws, acc.draws * (1 if fixed_scores else 2))
    except KeyboardInterrupt:
        partial = True
        if conf is not None and conf.draws == 0:
            conf = None
    return SmaaResult.build(
        acc,
        conf,
        option_ids=model.option_ids,
        option_labels=[o.label for o in model.options],
        criterion_ids=model.criterion_ids,
        criterion_labels=[c.label for c in model.criteria],
        weights=model.weights,
        title=model.title,
        requested=samples,
        seed=seed,
        weight_model=weight_model,
        method=method,
        fixed_scores=fixed_scores,
        partial=partial,
        precision=precision,
    )


MAX_SAMPLES = 10**10


def check_run(
    samples: int, seed: int, precision: float | None, workers: int, weight_model: str, backend: str
) -> None:
    """Reject run settings no analyst could mean, with one line each."""
    if backend not in BACKENDS:
        raise UsageError.at("--backend", backend, f"unknown backend (expected one of {', '.join(BACKENDS)})")
    if (
        isinstance(samples, bool)
        or not isinstance(samples, int | np.integer)
        or not 1 <= samples <= MAX_SAMPLES
    ):
        raise UsageError.at("--samples", str(samples), f"must be a whole number from 1 to {MAX_SAMPLES:,}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise UsageError.at("--seed", str(seed), "must be a whole number of at least 0")
    if precision is not None and not 0 < precision < 0.5:
        raise UsageError.at("--precision", str(precision), "must lie strictly between 0 and 0.5")
    if isinstance(workers, bool) or not isinstance(workers, int | np.integer) or workers < 1:
        raise UsageError.at("--workers", str(workers), "must be a whole number of at least 1")
    if weight_model not in WEIGHT_MODELS:
        raise UsageError.at(
            "--weight-model", weight_model, f"unknown (expected one of {', '.join(WEIGHT_MODELS)})"
        )
