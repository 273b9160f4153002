"""Value functions: raw scores on each criterion's scale → values in [0, 1], 1 = best.

Linear from `scale` and `better` unless the criterion gives piecewise-linear
`value_function` points (the swing-weighting convention of Belton & Stewart, *Multiple
Criteria Decision Analysis*, 2002, §5.3: value 0 at the worst and 1 at the best level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .decision import Criterion


@dataclass(frozen=True)
class ValueFunctions:
    """All criteria's value functions, prepared once for fast vectorized evaluation.

    Linear criteria are done in one affine operation `a + b * x`; piecewise-linear ones by
    `interpolate`, one criterion at a time (a loop over criteria, never over samples). The
    arithmetic is spelled out (not `np.interp`) so the compiled kernel can repeat it exactly.
    """

    a: np.ndarray  # (n,) intercepts (linear criteria; 0 elsewhere)
    b: np.ndarray  # (n,) slopes
    curves: tuple[tuple[int, np.ndarray, np.ndarray], ...]  # (criterion index, xs, vs)

    @classmethod
    def of(cls, criteria: Sequence[Criterion]) -> ValueFunctions:
        a, b, curves = np.zeros(len(criteria)), np.zeros(len(criteria)), []
        for j, c in enumerate(criteria):
            xs, vs = c.value_points()
            if len(xs) == 2:
                b[j] = (vs[1] - vs[0]) / (xs[1] - xs[0])
                a[j] = vs[0] - b[j] * xs[0]
            else:
                curves.append((j, xs, vs))
        return cls(a, b, tuple(curves))

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        """(…, m, n) raw scores → (…, m, n) values in [0, 1]."""
        values: np.ndarray = self.a + self.b * scores
        for j, xs, vs in self.curves:
            values[..., j] = interpolate(scores[..., j], xs, vs)
        return values

    def tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The curves as padded arrays for compiled code: xs (n, K), vs (n, K) and points (n,)
        (0 for a linear criterion, which uses `a`, `b`)."""
        width = max([2] + [len(xs) for _, xs, _ in self.curves])
        n = self.a.size
        xs_all, vs_all, points = np.zeros((n, width)), np.zeros((n, width)), np.zeros(n, dtype=np.int64)
        for j, xs, vs in self.curves:
            xs_all[j, : len(xs)], vs_all[j, : len(xs)], points[j] = xs, vs, len(xs)
        return xs_all, vs_all, points


def interpolate(x: np.ndarray, xs: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """Piecewise-linear v(x) through the points (xs, vs), xs increasing; flat outside them.

    In segment j (xs[j] <= x < xs[j + 1]): slope·(x − xs[j]) + vs[j], slope = Δv/Δx, the
    formula of `np.interp`; x at or beyond the last point is vs[−1] exactly.
    """
    j = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, len(xs) - 2)
    slope = (vs[1:] - vs[:-1]) / (xs[1:] - xs[:-1])
    out: np.ndarray = slope[j] * (x - xs[j]) + vs[j]
    out = np.where(x >= xs[-1], vs[-1], np.where(x <= xs[0], vs[0], out))
    return out
