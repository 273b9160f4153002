"""The numba-compiled loops behind `montecarlo.kernel` (imported only when numba is installed).

Each function mirrors a numpy step op for op — see `montecarlo.kernel` for the contract. Arrays
are float64 and cell-major: row c = i·n + j of an (m·n, B) block holds cell (i, j) in each of B
draws, so the inner loops run over draws and compile to vector instructions.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

_jit = numba.njit(cache=True, nogil=True, error_model="numpy")

# A plan's tables (`kernel.cells`): base (m·n,) point scores, fixed (·,) cells held at them;
# inv, kind, peak, low, width (k,) the uniform/triangular cells; hard_idx (h,) the others;
# a, b (n,) linear value functions; xs, vs (n, K), slope (n, K − 1), points (n,) the curves;
# line (n,) red lines, lower_better (n,) bool, demotion (0 without red lines).
Cells = tuple[Any, ...]


@_jit
def _fill(
    u: np.ndarray, hard: np.ndarray, cells: Cells, raw: np.ndarray, val: np.ndarray, start: int, size: int
) -> None:
    """Fill raw scores `raw` and values `val`, each (m·n, ≥ size), of draws start … start + size
    of the unit: the `fixed` cells from base, uniform and triangular cells from their uniforms
    u (k, B) (as `distributions._uniform_ppf` and `_triangular_ppf`; peak = (mode − low)/width),
    the others from hard (h, B); values as `ValueFunctions.__call__`."""
    base, fixed, inv, kind, peak, low, width, hard_idx, a, b, xs, vs, slope, points, _, _, _ = cells
    if start > 0 and inv.size + hard_idx.size == 0:
        return  # nothing varies: the first block's rows hold for every block
    n = a.size
    for c in fixed:
        raw[c, :size] = base[c]
    for c in range(inv.size):
        row, lo, wd, p = raw[inv[c]], low[c], width[c], peak[c]
        if kind[c] == 0:
            for d in range(size):
                row[d] = lo + u[c, start + d] * wd
        else:
            for d in range(size):
                q = u[c, start + d]
                below = q < p  # one square root: the branch's argument, then its side
                r = np.sqrt(p * q if below else (1.0 - p) * (1.0 - q))
                row[d] = lo + wd * (r if below else 1.0 - r)
    for c in range(hard_idx.size):
        raw[hard_idx[c], :size] = hard[c, start : start + size]
    for c in range(base.size):
        j = c % n
        k = points[j]
        if k == 0:
            for d in range(size):
                val[c, d] = a[j] + b[j] * raw[c, d]
            continue
        # As `values.interpolate`: segment s = the breakpoints xs[1 … k−2] at or below x
        # (counted, not searched, so the loop has no branches), flat beyond either end.
        first, last = xs[j, 0], xs[j, k - 1]
        for d in range(size):
            x = raw[c, d]
            s = 0
            for t in range(1, k - 1):
                s += xs[j, t] <= x
            v = slope[j, s] * (x - xs[j, s]) + vs[j, s]
            v = vs[j, 0] if x <= first else v
            val[c, d] = vs[j, k - 1] if x >= last else v


@_jit
def _scores(
    val: np.ndarray,
    raw: np.ndarray,
    w: np.ndarray,
    line: np.ndarray,
    lower_better: np.ndarray,
    demotion: float,
    score: np.ndarray,
    key: np.ndarray,
    start: int,
    size: int,
) -> None:
    """Fill `score` and `key`, each (m, ≥ size), for draws start … start + size: Σ_j w_j v_ij
    criterion by criterion (as `plan.weighted_sums`; w is (n, B), or (n, 1) for one weight
    vector in every draw), and the same less `demotion` where a score is past its red line
    (as `Plan._demoted`)."""
    n = w.shape[0]
    m = val.shape[0] // n
    one = w.shape[1] == 1
    for i in range(m):
        row = score[i]
        for j in range(n):
            c = i * n + j
            if one:
                wj = w[j, 0]
                for d in range(size):
                    row[d] = wj * val[c, d] if j == 0 else row[d] + wj * val[c, d]
            else:
                for d in range(size):
                    wjd = w[j, start + d]
                    row[d] = wjd * val[c, d] if j == 0 else row[d] + wjd * val[c, d]
        key[i, :size] = row[:size]
        if demotion != 0.0:
            for d in range(size):
                for j in range(n):
                    x = raw[i * n + j, d]
                    if x > line[j] if lower_better[j] else x < line[j]:
                        key[i, d] = row[d] - demotion
                        break


@_jit
def acceptance(
    w: np.ndarray,
    u: np.ndarray,
    hard: np.ndarray,
    cells: Cells,
    tol: float,
    rank_counts: np.ndarray,
    pairwise: np.ndarray,
    hist: np.ndarray,
    first_sums: np.ndarray,
    score_sum: np.ndarray,
    score_sumsq: np.ndarray,
    lo_hi: np.ndarray,
    raw: np.ndarray,
    val: np.ndarray,
    score: np.ndarray,
    key: np.ndarray,
    above: np.ndarray,
) -> None:
    """Fold a unit's B draws (weights w (n, B), u (k, B), hard (h, B)) into the SMAA-2 counts
    and sums, as `SmaaAccumulator.add`: ranks by pairwise comparison within `tol`; first-place
    weight sums and score sums draw by draw into first_sums, score_sum, score_sumsq (given as
    zeros, so each is the unit's sum from 0, as numpy's cumulative sums); lo_hi receives the
    lowest and highest score. The last five arrays are scratch for blocks of draws: raw, val
    (m·n, block), score, key (m, block) float64, above (m, block) int64."""
    line, lower_better, demotion = cells[14], cells[15], cells[16]
    m, n, bins, total = score.shape[0], w.shape[0], hist.shape[1], w.shape[1]
    block = raw.shape[1]
    lo, hi = np.inf, -np.inf
    for start in range(0, total, block):  # blocks small enough for the scratch to stay in cache
        size = min(block, total - start)
        _fill(u, hard, cells, raw, val, start, size)
        _scores(val, raw, w, line, lower_better, demotion, score, key, start, size)
        above[:, :size] = 0  # options strictly above: rank − 1
        for i in range(m):
            for k in range(i + 1, m):
                i_beats_k = 0
                k_beats_i = 0
                for d in range(size):
                    diff = key[i, d] - key[k, d]
                    up = diff > tol
                    down = diff < -tol
                    above[k, d] += up
                    above[i, d] += down
                    i_beats_k += up
                    k_beats_i += down
                pairwise[i, k] += i_beats_k
                pairwise[k, i] += k_beats_i
        # Draw by draw (the sums' order), options and criteria inside: independent running sums.
        for d in range(size):
            for i in range(m):
                rank_counts[i, above[i, d]] += 1
                if above[i, d] == 0:
                    for j in range(n):
                        first_sums[i, j] += w[j, start + d]
                s = score[i, d]
                score_sum[i] += s
                score_sumsq[i] += s * s
                hist[i, int(min(s * bins, bins - 0.5))] += 1
                lo = min(lo, s)
                hi = max(hi, s)
    lo_hi[0] = lo
    lo_hi[1] = hi


@_jit
def confidence(
    u: np.ndarray,
    hard: np.ndarray,
    cells: Cells,
    tol: float,
    central: np.ndarray,
    defined: np.ndarray,
    first_counts: np.ndarray,
    raw: np.ndarray,
    val: np.ndarray,
    score: np.ndarray,
    key: np.ndarray,
) -> None:
    """Count, per option i with central weights central[i] (m, n), the draws in which i is
    first when every option is scored with them (as `Plan.under` + `add_under`); scratch as
    in `acceptance`."""
    line, lower_better, demotion = cells[14], cells[15], cells[16]
    m, total, block = central.shape[0], u.shape[1], raw.shape[1]
    for start in range(0, total, block):
        size = min(block, total - start)
        _fill(u, hard, cells, raw, val, start, size)
        for i in range(m):
            if defined[i]:
                _scores(
                    val,
                    raw,
                    central[i].reshape(-1, 1).copy(),
                    line,
                    lower_better,
                    demotion,
                    score,
                    key,
                    0,
                    size,
                )
                count = 0
                for d in range(size):
                    best = key[0, d]
                    for k in range(1, m):
                        best = max(best, key[k, d])
                    count += key[i, d] >= best - tol
                first_counts[i] += count
