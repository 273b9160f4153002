"""PROMETHEE II net outranking flow (Brans & Vincke 1985; Brans, Mareschal & Vincke 1986).

Flows are divided by m − 1 (as in Brans & Mareschal 2005, "PROMETHEE methods"), so the net flow lies in
[−1, 1]; with a single option every flow is 0. Memory: the pairwise differences are built one
criterion at a time, so the peak is a few (…, m, m) float64 arrays (32 768 draws × 10 × 10
options ≈ 26 MB each) rather than one (…, m, m, n) array n times larger.

Preference functions P(d) of the difference d = g(a) − g(b) on a criterion, oriented so that
larger is better (Brans & Vincke 1985's six generalized criteria; q = indifference, p = preference threshold,
s = Gaussian spread); each is 0 for d ≤ 0, so an option never prefers itself:
  usual     1 if d > 0
  u-shape   1 if d > q
  v-shape   d / p for 0 < d ≤ p, 1 beyond
  level     1/2 if q < d ≤ p, 1 if d > p
  linear    (d − q) / (p − q) for q < d ≤ p, 1 beyond
  gaussian  1 − exp(−d² / (2 s²)) for d > 0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_matrix, as_weights, benefit_mask

Threshold = float | Sequence[float] | None


def _usual(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return (d > 0).astype(np.float64)


def _u_shape(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return (d > q).astype(np.float64)


def _v_shape(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return np.clip(d / p, 0.0, 1.0)


def _level(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))


def _linear(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return np.clip((d - q) / (p - q), 0.0, 1.0)


def _gaussian(d: np.ndarray, q: float, p: float, s: float) -> np.ndarray:
    return np.where(d > 0, -np.expm1(-(d * d) / (2.0 * s * s)), 0.0)


PreferenceFunction = Callable[[np.ndarray, float, float, float], np.ndarray]

PREFERENCE_FUNCTIONS: dict[str, PreferenceFunction] = {
    "usual": _usual,
    "u-shape": _u_shape,
    "v-shape": _v_shape,
    "level": _level,
    "linear": _linear,
    "gaussian": _gaussian,
}

# The thresholds each preference function reads; the others are ignored.
THRESHOLDS: dict[str, tuple[str, ...]] = {
    "usual": (),
    "u-shape": ("q",),
    "v-shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}


@dataclass(frozen=True)
class PrometheeResult:
    """PROMETHEE II flows (higher score is better).

    scores: (…, m) net flow φ_i = φ⁺_i − φ⁻_i in [−1, 1];
    positive, negative: (…, m) leaving flow φ⁺_i = Σ_k π(i, k)/(m − 1), entering φ⁻_i = Σ_k π(k, i)/(m − 1);
    preference: (…, m, m) aggregated preference index π(i, k) = Σ_j w_j P_j(i, k);
    criterion_flows: (…, m, n) single-criterion net flows φ_j(i); φ_i = Σ_j w_j φ_j(i).
    """

    scores: np.ndarray
    positive: np.ndarray
    negative: np.ndarray
    preference: np.ndarray
    criterion_flows: np.ndarray


def promethee_ii(
    matrix: np.ndarray | Sequence[Any],
    weights: np.ndarray | Sequence[Any],
    better: Sequence[str],
    preference: str | Sequence[str] = "usual",
    q: Threshold = 0.0,
    p: Threshold = None,
    s: Threshold = None,
) -> PrometheeResult:
    """PROMETHEE II net flow φ_i = (1/(m − 1)) Σ_k [π(i, k) − π(k, i)] (Brans & Vincke 1985).

    matrix: (…, m, n) raw scores; weights: (…, n), summing to 1; better: n × "higher"/"lower".
    preference: one name from PREFERENCE_FUNCTIONS, or one per criterion; q, p, s: thresholds in
    the criterion's own units, a scalar for all criteria or one per criterion (p is required by
    v-shape, level and linear, s by gaussian). Scores depend on the whole option set.
    """
    x = as_matrix(matrix)
    m, n = x.shape[-2], x.shape[-1]
    w = as_weights(weights, n)
    sign = np.where(benefit_mask(better, n), 1.0, -1.0)
    functions = criterion_functions(preference, n)
    qs, ps, ss = (
        criterion_thresholds(q, n, "q"),
        criterion_thresholds(p, n, "p"),
        criterion_thresholds(s, n, "s"),
    )
    problems = threshold_problems(functions, qs, ps, ss)
    if problems:
        raise ValueError(problems[0][1])
    scale = 1.0 / max(m - 1, 1)
    lead = np.broadcast_shapes(x.shape[:-2], w.shape[:-1])
    pi = np.zeros((*lead, m, m))
    criterion_flows = np.zeros((*lead, m, n))
    for j in range(n):  # criteria, never samples: keeps memory at (…, m, m)
        g = sign[j] * x[..., :, j]
        pref = PREFERENCE_FUNCTIONS[functions[j]](g[..., :, None] - g[..., None, :], qs[j], ps[j], ss[j])
        criterion_flows[..., j] = (pref.sum(axis=-1) - pref.sum(axis=-2)) * scale
        pi += w[..., j, None, None] * pref
    positive = pi.sum(axis=-1) * scale
    negative = pi.sum(axis=-2) * scale
    return PrometheeResult(positive - negative, positive, negative, pi, criterion_flows)


def criterion_functions(preference: str | Sequence[str], n: int) -> tuple[str, ...]:
    """One preference-function name per criterion, from one name or a sequence of n."""
    names = (preference,) * n if isinstance(preference, str) else tuple(preference)
    if len(names) != n:
        raise ValueError(f"preference needs 1 or {n} names, got {len(names)}")
    unknown = sorted({name for name in names if name not in PREFERENCE_FUNCTIONS})
    if unknown:
        raise ValueError(
            f"unknown preference function(s) {unknown}; choose from {list(PREFERENCE_FUNCTIONS)}"
        )
    return names


def criterion_thresholds(value: Threshold, n: int, name: str) -> tuple[float, ...]:
    """A scalar or per-criterion threshold as n floats (NaN where not given)."""
    if value is None:
        return (np.nan,) * n
    if isinstance(value, int | float | np.number):
        return (float(value),) * n
    values = tuple(float(v) for v in value)
    if len(values) != n:
        raise ValueError(f"{name} needs 1 or {n} values, got {len(values)}")
    return values


def threshold_problems(
    functions: tuple[str, ...], qs: tuple[float, ...], ps: tuple[float, ...], ss: tuple[float, ...]
) -> list[tuple[str, str]]:
    """(parameter, message) for each threshold a criterion's preference function lacks or cannot use.

    Brans & Vincke (1985) need q ≥ 0, p > 0 for v-shape, 0 ≤ q < p for level and linear, s > 0
    for gaussian; anything else would divide by zero or make P(d) non-monotone.
    """
    problems: list[tuple[str, str]] = []
    for j, name in enumerate(functions):
        given = {"q": qs[j], "p": ps[j], "s": ss[j]}
        missing = [t for t in THRESHOLDS[name] if not np.isfinite(given[t])]
        problems += [(t, f"preference {name!r} (criterion {j + 1}) needs a finite {t}") for t in missing]
        if missing:
            continue
        if "q" in THRESHOLDS[name] and given["q"] < 0:
            problems.append(("q", f"q must be ≥ 0 (criterion {j + 1}), got {given['q']}"))
        if name == "v-shape" and given["p"] <= 0:
            problems.append(("p", f"p must be > 0 for v-shape (criterion {j + 1}), got {given['p']}"))
        if name in ("level", "linear") and not given["p"] > given["q"]:
            problems.append(
                ("p", f"p must exceed q for {name} (criterion {j + 1}), got p={given['p']}, q={given['q']}")
            )
        if name == "gaussian" and given["s"] <= 0:
            problems.append(("s", f"s must be > 0 for gaussian (criterion {j + 1}), got {given['s']}"))
    return problems
