"""Monte Carlo engine: seeded units of draws, grouped into tasks, run anywhere, folded in order.

Reproducibility contract: draws come in units (`plan.layout`, `plan.unit_size`: 4,096 draws
for small models, fewer for large ones — a function of the model's shape only). Unit k of
stream s draws from `SeedSequence(seed, spawn_key=(s, k))`. Integer counts are merged per
task in any order (exact); float sums (central weights, score moments) are folded unit by
unit in unit order. So the same seed gives byte-identical numbers whatever the worker count,
the grouping of units into tasks, or the backend (processes, dask, a dask cluster).
Stream 0 draws (weights, scores) for the acceptability statistics; stream 1 draws fresh
scores for the confidence factors (SMAA-2 holds each option's central weights fixed and
re-draws the scores — fresh draws, so the two passes are independent).

The seam where draws become rankings — for other methods, red lines and futures — is
`Plan.keys` (see `montecarlo.plan`). `--precision` is checked after every unit (4,096 draws
on small models), so a run stops within one unit of the requested standard error; the
numbers for a given final N equal those of a run asked for exactly N draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass

import numpy as np

from ..errors import UsageError
from ..model.decision import Model
from ..model.prepare import prepare
from ..model.weight_space import WEIGHT_MODELS
from . import backends, kernel
from .backends import BACKENDS, SCHEDULER_ENV, WorkerLost, default_workers
from .plan import ACCEPTANCE, CONFIDENCE, SAMPLERS, Plan, Unit, layout
from .qmc import REPLICATES, replicate_se
from .result import SmaaResult
from .smaa import ConfidenceAccumulator, SmaaAccumulator, standard_error

__all__ = ["BACKENDS", "SAMPLERS", "Plan", "WorkerLost", "default_workers", "sensitivity"]

TASK_ELEMENTS = 1 << 22  # draws × m × n per task: about 65,536 draws on a small model
# A task's overhead (pickling, the pool's queues) is ~0.6 ms of the parent's CPU, which shares
# the cores with the workers: 16 units (~25 ms of compiled kernel) keep it near 2 %.
MAX_UNITS_PER_TASK = 16
POOL_CELLS = 1 << 19  # draws × m × n of numpy-path work per worker before another pays off

Progress = Callable[[int, int], None]  # (draws done, draws planned)


@dataclass(frozen=True)
class UnitRecord:
    """What the parent needs from one unit beyond the task's merged counts: its float sums
    (folded in unit order) and rank/pairwise counts (for the precision check and QMC SEs)."""

    index: int
    replicate: int
    draws: int
    rank_counts: np.ndarray  # (m, m)
    pairwise_counts: np.ndarray  # (m, m)
    sums: tuple[np.ndarray, np.ndarray, np.ndarray]


def acceptance_task(
    plan: Plan, units: list[Unit], use_kernel: bool = True
) -> tuple[SmaaAccumulator, list[UnitRecord]]:
    """Draw and rank `units` of stream 0: the task's merged counts and one record per unit.
    `use_kernel`: through the compiled kernel where it applies (the numbers are the same)."""
    counts = SmaaAccumulator.empty(*plan.shape)
    records = []
    compiled = kernel.for_plan(plan) if use_kernel else None
    for u in units:
        if compiled is not None:
            acc = compiled.acceptance(u)
        else:
            raw, weights = plan.draw(ACCEPTANCE, u)
            acc = SmaaAccumulator.empty(*plan.shape)
            acc.add(weights, *plan.keys(raw, weights))
        counts.merge_counts(acc)
        records.append(
            UnitRecord(u.index, u.replicate, u.size, acc.rank_counts, acc.pairwise_counts, acc.sums())
        )
    return counts, records


def confidence_task(
    plan: Plan, units: list[Unit], central: np.ndarray, use_kernel: bool = True
) -> list[tuple[int, ConfidenceAccumulator]]:
    """Re-draw scores (stream 1) and count wins at each option's central weights (m, n)."""
    out = []
    m = plan.shape[0]
    compiled = kernel.for_plan(plan) if use_kernel and not plan.fixed_scores else None
    for u in units:
        if compiled is not None:
            out.append((u.replicate, compiled.confidence(u, central)))
            continue
        raw = plan.draw_scores(CONFIDENCE, u)  # (size, m, n), or (1, m, n) when nothing varies
        acc = ConfidenceAccumulator.empty(m)
        acc.add_under(plan.under(raw, central), central)
        if len(raw) == 1 and u.size > 1:  # every draw is the same: one evaluation stands for all
            acc.first_counts *= u.size
            acc.draws = u.size
        out.append((u.replicate, acc))
    return out


def units_per_task(plan: Plan) -> int:
    """Units per task: ~2**22 draw-cells, at most 16 units (64 with fixed scores, whose units are
    so quick that a task's overhead — pickling, the pool's queue — would otherwise dominate)."""
    m, n = plan.shape
    most = MAX_UNITS_PER_TASK * (4 if plan.fixed_scores else 1)
    return int(np.clip(TASK_ELEMENTS // (plan.unit * m * n) * (4 if plan.fixed_scores else 1), 1, most))


def worth_workers(plan: Plan, samples: int, compiled: bool = False) -> int:
    """How many workers a run of `samples` draws repays: one per POOL_CELLS draw-cells, twice
    as many with fixed scores (cheaper draws), four times through the compiled kernel. A second
    worker costs ~30 ms (a fork, its start, the queues). Measured on the default model, 2
    workers beat 1 from ~25,000 draws with weights and scores and ~100,000 weights only on
    the numpy path; from ~200,000 and ~450,000 through the kernel."""
    m, n = plan.shape
    per_worker = POOL_CELLS * (2 if plan.fixed_scores else 1) * (4 if compiled else 1)
    return max(1, samples * m * n // per_worker)


def _groups(units: list[Unit], group: int, workers: int = 1) -> list[list[Unit]]:
    """`units` in tasks of `group` units, shrinking towards the end of the pass with several
    workers (each task at most 1/(4·workers) of what is left): a pass ends with its last
    task, and a coarse one would leave the other cores idle while it runs."""
    tasks, i = [], 0
    while i < len(units):
        size = group if workers == 1 else min(group, max(1, -(-(len(units) - i) // (4 * workers))))
        tasks.append(units[i : i + size])
        i += size
    return tasks


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
    group: int | None = None,
    backend: str = "processes",
    sampler: str = "mc",
    scheduler: str | None = None,
    over_futures: bool = False,
    given: Mapping[str, str] | None = None,
) -> SmaaResult:
    """SMAA-2 over uncertain weights (and scores unless `fixed_scores`), in seeded units.

    `profile` and `weights` set the point weights as in `rank()`.
    samples: draws to make (default: the model's); with `precision`, drawing stops after the
    first unit (4,096 draws on small models) after which every rank acceptability's standard
    error is below it (QMC: after the first whole round of units across the replicates).
    sampler: "mc" (pseudo-random) or "qmc" (scrambled Sobol', SEs from `qmc.REPLICATES`
    independent scramblings).
    Ctrl-C stops at the next task boundary: the result holds the units folded so far, marked
    `partial`. A worker process that dies raises `WorkerLost`.
    `workers` (default: as many cores as the run repays, `worth_workers`; capped at the cores
    and the number of units), `group` (units per task),
    `backend` ("processes" or "dask") and `scheduler` (a dask.distributed address; default
    the `SCENARIOS_DASK_SCHEDULER` environment variable) change speed, never the numbers.
    `over_futures` draws a future (among those where `given` holds) in every draw; without it,
    `given` conditions the scores on those outcomes (`Model.in_future`).
    Returns a `SmaaResult`.
    """
    model, method = prepare(model, weights, profile, method)
    if over_futures and sampler == "qmc":
        raise UsageError.at("--over-futures", "", "draws futures pseudo-randomly; use --sampler mc")
    if given and not over_futures:
        model, given = model.in_future(given), None
    samples = model.samples if samples is None else samples
    seed = model.seed if seed is None else seed
    weight_model = weight_model or model.weight_model
    chosen = workers
    workers = default_workers() if workers is None else workers
    check_run(samples, seed, precision, workers, weight_model, backend, sampler)
    scheduler = resolve_scheduler(scheduler)
    plan = Plan.of(model, seed, weight_model, fixed_scores, method, sampler, over_futures, dict(given or {}))
    check_plan(plan)
    replicates = REPLICATES if sampler == "qmc" else 1
    units = layout(samples, plan.unit, replicates)
    workers = max(1, min(workers, default_workers(), len(units)))
    use_kernel = kernel.worth_loading(samples)
    compiled = use_kernel and kernel.for_plan(plan) is not None
    if chosen is None:  # all cores, if the run is long enough to repay starting workers
        workers = min(workers, worth_workers(plan, samples, compiled))
    group = units_per_task(plan) if group is None else group
    tasks = _groups(units, group, workers)
    if compiled and backend == "processes" and not scheduler:
        kernel.warm(plan)  # forked workers then inherit the loaded kernels
    m = plan.shape[0]
    fold = _Fold(plan, replicates)
    constant = fixed_scores and plan.futures is None  # every draw scores the options alike
    total = samples * (1 if constant else 2)
    conf, partial, stop = None, False, None
    with (
        backends.deferred_interrupt() as interrupted,
        backends.Runner(workers, interrupted, backend, scheduler) as runner,
    ):
        try:
            calls = ((acceptance_task, plan, t, use_kernel) for t in tasks)
            with closing(runner.map(calls)) as results:
                for task, (counts, records) in zip(tasks, results, strict=False):
                    stop = fold.add(records, precision)
                    if stop is None or stop == len(task) - 1:
                        fold.acc.merge_counts(counts)
                    else:  # the SE target was met inside this task: count its units up to `stop`
                        fold.acc.merge_counts(acceptance_task(plan, task[: stop + 1], use_kernel)[0])
                    if progress:
                        progress(fold.acc.draws, total)
                    if stop is not None or interrupted():
                        break
            if interrupted():
                raise KeyboardInterrupt
            central = fold.acc.central_weights()
            conf = _ConfidenceFold(m, replicates)
            if constant:  # one evaluation per replicate stands for all its draws
                conf_units = [Unit(r, r, 0, int(d)) for r, d in enumerate(fold.draws) if d]
            else:
                conf_units = layout(fold.acc.draws, plan.unit, replicates)
            conf_workers = 1 if constant else workers
            conf_tasks = _groups(conf_units, group, conf_workers)
            conf_calls = ((confidence_task, plan, t, central, use_kernel) for t in conf_tasks)
            with closing(runner.map(conf_calls, conf_workers)) as results:
                for parts in results:
                    conf.add(parts)
                    if progress:
                        progress(fold.acc.draws + conf.acc.draws, fold.acc.draws * (1 if constant else 2))
            if interrupted():
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            partial = True
            if conf is not None and conf.acc.draws == 0:
                conf = None
    se = fold.replicate_se(conf) if replicates > 1 else None
    return SmaaResult.build(
        fold.acc,
        conf.acc if conf is not None else None,
        option_ids=model.option_ids,
        option_labels=[o.label for o in model.options],
        criterion_ids=model.criterion_ids,
        criterion_labels=[c.label for c in model.criteria],
        weights=model.weights,
        se=se,
        title=model.title,
        requested=samples,
        seed=seed,
        weight_model=weight_model,
        method=method,
        fixed_scores=fixed_scores,
        partial=partial,
        precision=precision,
        sampler=sampler,
        over_futures=over_futures,
        future=dict(model.future) | dict(given or {}),
    )


class _Fold:
    """The acceptance pass's running totals, folded unit by unit in unit order."""

    def __init__(self, plan: Plan, replicates: int):
        m, n = plan.shape
        self.acc = SmaaAccumulator.empty(m, n)
        self.replicates = replicates
        self.draws = np.zeros(replicates, dtype=np.int64)
        self.rank_counts = np.zeros((replicates, m, m), dtype=np.int64)
        self.pairwise_counts = np.zeros((replicates, m, m), dtype=np.int64)

    def add(self, records: list[UnitRecord], precision: float | None) -> int | None:
        """Fold the units' float sums; the position in `records` where the SE target is first
        met (then later units are left out), else None."""
        for i, r in enumerate(records):
            self.acc.add_sums(r.sums)
            self.draws[r.replicate] += r.draws
            self.rank_counts[r.replicate] += r.rank_counts
            self.pairwise_counts[r.replicate] += r.pairwise_counts
            if precision is not None and self._se_below(precision, r.replicate):
                return i
        return None

    def _se_below(self, precision: float, replicate: int) -> bool:
        if self.replicates == 1:
            total = int(self.draws[0])
            return bool(standard_error(self.rank_counts[0] / total, total).max() < precision)
        if replicate != self.replicates - 1:  # only after whole rounds
            return False
        shares = self.rank_counts / self.draws[:, None, None]
        return bool(replicate_se(shares).max() < precision)

    def replicate_se(self, conf: _ConfidenceFold | None) -> dict[str, np.ndarray]:
        """QMC standard errors from the spread of the replicates' estimates."""
        with np.errstate(invalid="ignore", divide="ignore"):
            d = self.draws[:, None, None]
            out = {
                "acceptability": replicate_se(self.rank_counts / d),
                "pairwise": replicate_se(self.pairwise_counts / d),
            }
            if conf is not None:
                c = conf.first_counts / conf.draws[:, None]
                out["confidence"] = np.where(conf.acc.defined, replicate_se(c), np.nan)
        return out


class _ConfidenceFold:
    def __init__(self, m: int, replicates: int):
        self.acc = ConfidenceAccumulator.empty(m)
        self.draws = np.zeros(replicates, dtype=np.int64)
        self.first_counts = np.zeros((replicates, m), dtype=np.int64)

    def add(self, parts: list[tuple[int, ConfidenceAccumulator]]) -> None:
        for replicate, acc in parts:
            self.acc.merge(acc)
            self.draws[replicate] += acc.draws
            self.first_counts[replicate] += acc.first_counts


MAX_SAMPLES = 10**10


def resolve_scheduler(scheduler: str | None) -> str | None:
    """The dask scheduler address from the flag, else from SCENARIOS_DASK_SCHEDULER; checked."""
    if scheduler is not None:
        return backends.check_scheduler(scheduler)
    import os

    env = os.environ.get(SCHEDULER_ENV, "").strip()
    if not env:  # unset or empty: run locally
        return None
    return backends.check_scheduler(env, f"--scheduler (from {SCHEDULER_ENV})")


def check_plan(plan: Plan) -> None:
    """Refuse combinations the sampler cannot draw, before any work starts."""
    if plan.sampler != "qmc":
        return
    from .qmc import MAX_DIMENSIONS, weight_dimensions

    d = weight_dimensions(plan) + plan.random_cells.size
    if d > MAX_DIMENSIONS:
        raise UsageError.at(
            "--sampler", "qmc", f"needs {d:,} dimensions; Sobol' points go to {MAX_DIMENSIONS:,}"
        )
    if plan.weight_model == "intervals":
        from .sampling import interval_acceptance

        if np.isnan(interval_acceptance(plan.lower, plan.upper)):
            raise UsageError.at(
                "--sampler", "qmc", "too many binding weight bounds to sample the intervals model exactly"
            )


def check_run(
    samples: int,
    seed: int,
    precision: float | None,
    workers: int,
    weight_model: str,
    backend: str,
    sampler: str = "mc",
) -> None:
    """Reject run settings no analyst could mean, with one line each."""
    if backend not in BACKENDS:
        raise UsageError.at("--backend", backend, f"unknown backend (expected one of {', '.join(BACKENDS)})")
    if sampler not in SAMPLERS:
        raise UsageError.at("--sampler", sampler, f"unknown sampler (expected one of {', '.join(SAMPLERS)})")
    if (
        isinstance(samples, bool)
        or not isinstance(samples, int | np.integer)
        or not 1 <= samples <= MAX_SAMPLES
    ):
        raise UsageError.at("--samples", str(samples), f"must be a whole number from 1 to {MAX_SAMPLES:,}")
    if sampler == "qmc" and samples < 2 * REPLICATES:
        raise UsageError.at("--samples", str(samples), f"--sampler qmc needs at least {2 * REPLICATES}")
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
