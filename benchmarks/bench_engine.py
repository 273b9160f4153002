"""Throughput of the SMAA engine against a plain-numpy loop making the same draws.

Run: python benchmarks/bench_engine.py [--samples N]
Prints draws/second for (a) a plain-numpy baseline — Dirichlet weights as normalized gammas,
triangular scores by inverse CDF, linear values, one matmul, rank counts — written inline
with no project code, and (b) `scenarios.sensitivity` on the default model with 1 and all
workers, plus the ratios. Peak memory (ru_maxrss) is printed for two sample counts to show it
does not grow with --samples (each measured in a fresh process, since peak RSS only rises).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import numpy as np

import scenarios
from scenarios.montecarlo.engine import BLOCK, default_workers


def baseline(model: scenarios.Model, samples: int, seed: int = 1) -> float:
    """The engine's work in plain numpy, inline: for every draw, Dirichlet weights (normalized
    gammas) and triangular scores (inverse CDF), linear values, one matmul and rank counts;
    then a second pass of fresh score draws judged at fixed central weights. Returns seconds."""
    rng = np.random.default_rng(seed)
    alpha = model.concentration * model.weights
    value, low, high = (model.score_array(a) for a in ("value", "low", "high"))
    lo, hi = model.scale
    better_lower = np.array([c.better == "lower" for c in model.criteria])
    m = value.shape[0]
    counts = np.zeros(m * m, np.int64)
    central = np.tile(model.weights, (m, 1))

    def draw_values(b: int) -> np.ndarray:
        u = rng.random((b, *value.shape))
        c = (value - low) / np.where(high > low, high - low, 1)
        left = low + np.sqrt(u * (high - low) * (value - low))
        right = high - np.sqrt((1 - u) * (high - low) * (high - value))
        v = (np.where(u < c, left, right) - lo) / (hi - lo)
        return np.where(better_lower, 1 - v, v)

    start = time.perf_counter()
    for done in range(0, samples, BLOCK):
        b = min(BLOCK, samples - done)
        g = rng.standard_gamma(alpha, size=(b, alpha.size))
        w = g / g.sum(axis=1, keepdims=True)
        s = (draw_values(b) @ w[:, :, None])[..., 0]
        r = (s[:, None, :] > s[:, :, None]).sum(-1)
        counts += np.bincount((np.arange(m) * m + r).ravel(), minlength=m * m)
    wins = np.zeros(m, np.int64)
    for done in range(0, samples, BLOCK):
        b = min(BLOCK, samples - done)
        s = draw_values(b) @ central.T  # (b, m options, m weight vectors)
        wins += (s[:, np.arange(m), np.arange(m)] >= s.max(axis=1)).sum(axis=0)
    return time.perf_counter() - start


def engine(model: scenarios.Model, samples: int, workers: int) -> float:
    start = time.perf_counter()
    scenarios.sensitivity(model, samples=samples, seed=1, workers=workers)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2_000_000)
    args = parser.parse_args()
    model = scenarios.load_model()
    n = args.samples
    t_base = baseline(model, n)
    print(f"default model: {len(model.options)} options x {len(model.criteria)} criteria, {n:,} draws")
    print(f"plain-numpy baseline (1 process, both passes): {n / t_base:,.0f} draws/s")
    for workers in sorted({1, default_workers()}):
        t = engine(model, n, workers)
        print(
            f"scenarios.sensitivity, {workers} worker(s): {n / t:,.0f} draws/s "
            f"(both passes); time ratio engine/baseline = {t / t_base:.2f}"
        )
    for k in (n // 8, n):
        print(f"peak RSS of a fresh process running {k:,} draws (1 worker): {peak_rss_mib(k):.0f} MiB")


def peak_rss_mib(samples: int) -> float:
    """Peak resident memory of a new interpreter that loads the model and runs `samples` draws."""
    code = (
        "import resource, scenarios; "
        f"scenarios.sensitivity(scenarios.load_model(), samples={samples}, seed=2, workers=1); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


if __name__ == "__main__":
    main()
