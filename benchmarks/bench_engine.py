"""Throughput, memory and latency of the SMAA engine against a plain-numpy loop (issue 13).

Run: PYTHONPATH=src python benchmarks/bench_engine.py [--samples N] [--big]
Prints, for the default model (3 x 8) and a generated 13 x 11 "harbour"-shaped model:
draws/s of `scenarios.sensitivity` with 1 worker and with all cores, weights and scores
uncertain and weights only (--fixed-scores), every SMAA-2 statistic kept (both passes); the
same work as a plain-numpy two-pass loop in this process (the baseline) and the ratio; the
harbour case's time for 10**6 draws; the draws mc and qmc need for SE 0.001; peak RSS
(ru_maxrss, fresh process, children included) at 10**6 and 10**7 draws (10**8 with --big);
`scenarios rank` wall time including interpreter start; and draws/s for every aggregation
method on the default model.

The harbour case: Lahdelma & Salminen's SMAA-2 paper (Operations Research 49(3), 2001) has a
13-alternative x 11-criterion harbour example; its data are not reproduced here, so a model of
the same shape is generated (seeded): triangular score ranges, Dirichlet weights.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import tomli_w

import scenarios
import scenarios.methods
from scenarios.montecarlo.backends import default_workers
from scenarios.montecarlo.kernel import ENV as KERNEL_ENV

SRC = str(Path(__file__).parents[1] / "src")


def harbour_model(root: Path) -> scenarios.Model:
    """A seeded 13-option x 11-criterion model with triangular scores and Dirichlet weights."""
    rng = np.random.default_rng(2001)
    m, n = 13, 11
    weights = rng.dirichlet(np.full(n, 3.0))
    crits = {
        f"c{j}": {"label": f"C{j}", "better": "higher", "scale": [0, 10], "weight": float(weights[j])}
        for j in range(n)
    }
    doc = {
        "title": "Harbour-shaped 13 x 11",
        "defaults": {"samples": 100_000, "seed": 1},
        "criteria": crits,
        "weight_uncertainty": {"model": "dirichlet", "concentration": 40},
    }
    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    (root / "weights.toml").write_text(tomli_w.dumps(doc))
    for i in range(m):
        scores = {}
        for j in range(n):
            v = float(rng.uniform(2, 8))
            scores[f"c{j}"] = {
                "value": v,
                "range": [v - float(rng.uniform(0.5, 2)), v + float(rng.uniform(0.5, 2))],
            }
        (root / "scenarios" / f"o{i:02d}.toml").write_text(
            tomli_w.dumps({"label": f"O{i}", "scores": scores})
        )
    return scenarios.load_model(root)


def baseline(
    model: scenarios.Model, samples: int, fixed: bool, seed: int = 1, block: int = 32_768
) -> tuple[float, float]:
    """The engine's work in plain numpy, inline, in this process: Dirichlet weights (normalized
    gammas), triangular scores (inverse CDF) mapped linearly to values, one matmul, rank counts;
    then a second pass of fresh score draws judged at fixed central weights. Returns the
    seconds taken and the CPU seconds used (`clock`)."""
    rng = np.random.default_rng(seed)
    alpha = model.concentration * model.weights
    value, low, high = (model.score_array(a) for a in ("value", "low", "high"))
    lo, hi = model.scale
    better_lower = np.array([c.better == "lower" for c in model.criteria])
    m = value.shape[0]
    counts = np.zeros(m * m, np.int64)
    central = np.tile(model.weights, (m, 1))

    def draw_values(b: int) -> np.ndarray:
        if fixed:
            u = np.broadcast_to(0.5, (1, *value.shape))
        else:
            u = rng.random((b, *value.shape))
        c = (value - low) / np.where(high > low, high - low, 1)
        left = low + np.sqrt(u * (high - low) * (value - low))
        right = high - np.sqrt((1 - u) * (high - low) * (high - value))
        v = (np.where(u < c, left, right) - lo) / (hi - lo)
        return np.where(better_lower, 1 - v, v)

    start = clock()
    for done in range(0, samples, block):
        b = min(block, samples - done)
        g = rng.standard_gamma(alpha, size=(b, alpha.size))
        w = g / g.sum(axis=1, keepdims=True)
        s = (draw_values(b) @ w[:, :, None])[..., 0]
        r = (s[:, None, :] > s[:, :, None]).sum(-1)
        counts += np.bincount((np.arange(m) * m + r).ravel(), minlength=m * m)
        first = r == 0
        _ = first.T.astype(float) @ w  # central-weight sums
    if not fixed:
        wins = np.zeros(m, np.int64)
        for done in range(0, samples, block):
            b = min(block, samples - done)
            s = draw_values(b) @ central.T  # (b, m options, m weight vectors)
            wins += (s[:, np.arange(m), np.arange(m)] >= s.max(axis=1)).sum(axis=0)
    return since(start)


def engine(
    model,
    samples: int,
    workers: int,
    fixed: bool,
    sampler: str = "mc",
    method: str | None = None,
    compiled: bool = True,
) -> tuple[float, float]:
    """Seconds and CPU seconds (`clock`) of one `sensitivity` run, after a warm-up run that loads
    (or compiles) the kernel; `compiled=False` forces the numpy path (no numba)."""
    os.environ[KERNEL_ENV] = "" if compiled else "numpy"
    if compiled:  # loaded now, so the short warm-up run below uses (and compiles) the kernel
        importlib.import_module("scenarios.montecarlo.kernel_numba")
    scenarios.sensitivity(model, samples=4096, seed=1, workers=1, fixed_scores=fixed, method=method)  # warm
    start = clock()
    scenarios.sensitivity(
        model, samples=samples, seed=1, workers=workers, fixed_scores=fixed, sampler=sampler, method=method
    )
    elapsed = since(start)
    os.environ.pop(KERNEL_ENV)
    return elapsed


def clock() -> tuple[float, float]:
    """Wall and CPU seconds so far: this process and its finished (reaped) workers."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def since(start: tuple[float, float]) -> tuple[float, float]:
    now = clock()
    return now[0] - start[0], now[1] - start[1]


def best(f, repeats: int = 3) -> tuple[float, float]:
    """The (wall, CPU) seconds of the fastest of `repeats` calls of `f`: on a shared machine CPU
    time shows the work per draw."""
    return min(f() for _ in range(repeats))


def peak_rss_mib(samples: int, workers: int) -> tuple[float, float]:
    """Peak RSS (MiB) of a new interpreter running `samples` draws, and of its largest worker.

    The interpreter's own peak is VmHWM from /proc (ru_maxrss would carry over the peak of the
    process that forked it, as Linux keeps it across exec); the workers' is RUSAGE_CHILDREN."""
    code = (
        "import resource, re, scenarios; "
        f"scenarios.sensitivity(scenarios.load_model(), samples={samples}, seed=2, workers={workers}); "
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
        "own = int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    own, child = (int(x) / 1024 for x in out.stdout.split())
    return own, child


def rank_latency(repeats: int = 5) -> tuple[float, float]:
    """Best wall time and CPU time (user + system) of `scenarios rank` in a new interpreter."""
    env = {**os.environ, "PYTHONPATH": SRC}
    runs = []
    for _ in range(repeats):
        before, start = os.times(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "scenarios", "rank"], capture_output=True, check=True, env=env)
        wall, after = time.perf_counter() - start, os.times()
        runs.append(
            (
                wall,
                after.children_user - before.children_user + after.children_system - before.children_system,
            )
        )
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--big", action="store_true", help="also measure peak memory at 10**8 draws")
    args = parser.parse_args()
    n, cores = args.samples, default_workers()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.processor() or platform.machine()}, {cores} cores, load avg {load:.1f}")
    print(f"python {platform.python_version()}, numpy {np.__version__}; {n:,} draws per run\n")
    with tempfile.TemporaryDirectory() as tmp:
        models = {"default 3x8": scenarios.load_model(), "harbour 13x11": harbour_model(Path(tmp))}
        print(f"{'run':60s} {'draws/s':>10s} {'ratio':>6s} {'draws/CPU-s':>12s} {'ratio':>6s}")
        for name, model in models.items():
            for fixed, what in ((False, "weights+scores"), (True, "weights only")):
                t_base, c_base = best(lambda model=model, fixed=fixed: baseline(model, n, fixed))
                label = f"{name}, {what}, plain numpy"
                print(f"{label:60s} {n / t_base:10,.0f} {1:6.2f} {n / c_base:12,.0f} {1:6.2f}")
                runs = [(w, True) for w in sorted({1, cores})] + [(cores, False)]
                for w, compiled in runs:
                    t, c = best(
                        lambda model=model, fixed=fixed, w=w, k=compiled: engine(
                            model, n, w, fixed, compiled=k
                        )
                    )
                    path = "engine" if compiled else "engine, numpy path"
                    label = f"{name}, {what}, {path}, {w} worker(s)"
                    print(f"{label:60s} {n / t:10,.0f} {t_base / t:6.2f} {n / c:12,.0f} {c_base / c:6.2f}")
        default_model = models["default 3x8"]
        t_base, _ = best(lambda: baseline(default_model, n, False))
        print(f"\nper method, default 3x8, weights+scores, {cores} worker(s); ratio = numpy additive / run")
        for method in scenarios.methods.METHODS:
            t, c = best(lambda method=method: engine(default_model, n, cores, False, method=method))
            print(f"  {method:58s} {n / t:10,.0f} {t_base / t:6.2f} {n / c:12,.0f}")
        harbour = models["harbour 13x11"]
        t, _ = best(lambda: engine(harbour, 10**6, cores, False))
        print(f"\nharbour 13x11, 10^6 draws (both passes, {cores} workers): {t:.2f} s")
        long = 10 * n  # a run's fixed cost (starting workers: ~0.1 s) spread over more draws
        print(f"\nlonger runs, {long:,} draws, default 3x8, {cores} worker(s):")
        for fixed, what in ((False, "weights+scores"), (True, "weights only")):
            t, c = best(lambda fixed=fixed: engine(default_model, long, cores, fixed), repeats=1)
            print(f"  {what:58s} {long / t:10,.0f} {'':6s} {long / c:12,.0f}")
    default = scenarios.load_model()
    print("\ndraws needed for every acceptability SE <= 0.001 (default model, --precision 0.001):")
    for sampler in ("mc", "qmc"):
        r = scenarios.sensitivity(default, samples=10**8, seed=1, precision=0.001, sampler=sampler)
        print(f"  {sampler}: {r.samples:,} draws (max SE {r.acceptability_se.to_numpy().max():.5f})")
    print("\npeak RSS of a fresh process (default model, all workers): parent / largest worker")
    for k in (10**6, 10**7) + ((10**8,) if args.big else ()):
        own, child = peak_rss_mib(k, cores)
        print(f"  {k:>11,} draws: {own:6.0f} MiB / {child:6.0f} MiB")
    wall, cpu = rank_latency()
    print(f"\nscenarios rank incl. interpreter start (best of 5): {wall:.3f} s wall, {cpu:.3f} s CPU")


if __name__ == "__main__":
    main()
