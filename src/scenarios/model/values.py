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

    Linear criteria are done in one affine operation `a + b * x`; piecewise-linear ones with
    `np.interp`, one criterion at a time (a loop over criteria, never over samples).
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
            values[..., j] = np.interp(scores[..., j], xs, vs)
        return values
