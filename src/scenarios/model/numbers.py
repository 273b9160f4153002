"""The one rule for numbers read from a model file: finite and within ±MAX_MAGNITUDE."""

from __future__ import annotations

import math

from ..methods._params import MAX_MAGNITUDE

__all__ = ["MAX_MAGNITUDE", "magnitude_problem"]


def magnitude_problem(v: int | float) -> str | None:
    """Why a parsed TOML number is unusable (not finite, or beyond ±MAX_MAGNITUDE), else None.

    Integers are compared exactly: a 400-digit integer does not fit a float at all (math.isfinite
    raises OverflowError on it)."""
    if isinstance(v, float) and not math.isfinite(v):
        return f"expected a finite number, got {v}"
    if abs(v) > MAX_MAGNITUDE:
        shown = f"{v:.3g}" if isinstance(v, float) else f"a {len(str(abs(v)))}-digit integer"
        return f"{shown} is too large; numbers must lie within ±{MAX_MAGNITUDE:g}"
    return None
