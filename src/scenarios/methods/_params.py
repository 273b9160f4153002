"""Checks of user-given method parameters (from `[method_params.<method>]` or flags) per method."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from numbers import Real
from typing import cast

from ..errors import UsageError
from .promethee import (
    PREFERENCE_FUNCTIONS,
    THRESHOLDS,
    criterion_thresholds,
    threshold_problems,
)

MAX_MAGNITUDE = 1e100  # numbers beyond this overflow once squared, summed or divided: refused on input

Params = dict[str, object]


def no_params(where: str, params: Params, given: Mapping[str, object], n: int | None) -> Params:
    return {}


def vikor_params(where: str, params: Params, given: Mapping[str, object], n: int | None) -> Params:
    v = _number(where, "v", params["v"])
    if not 0.0 <= v <= 1.0:
        raise UsageError.at(where, "v", f"must be between 0 and 1 (0.5 = consensus), got {v}")
    return {"v": v}


def promethee_params(where: str, params: Params, given: Mapping[str, object], n: int | None) -> Params:
    preference = _preference(where, params["preference"])
    thresholds = {key: _threshold(where, key, params[key]) for key in ("q", "p", "s")}
    n = _criteria_count(where, n, {"preference": preference, **thresholds})
    functions = (preference,) * n if isinstance(preference, str) else preference
    for key in ("q", "p", "s"):
        if key in given and params[key] is not None and not any(key in THRESHOLDS[f] for f in functions):
            raise UsageError.at(where, key, f"has no effect with preference {_names(functions)}")
    per_criterion = {key: criterion_thresholds(value, n, key) for key, value in thresholds.items()}
    problems = threshold_problems(functions, per_criterion["q"], per_criterion["p"], per_criterion["s"])
    if problems:
        key, message = problems[0]
        raise UsageError.at(where, key, message)
    return {"preference": preference, **thresholds}


CHECKS: dict[str, Callable[[str, Params, Mapping[str, object], int | None], Params]] = {
    "additive": no_params,
    "weighted_product": no_params,
    "topsis": no_params,
    "vikor": vikor_params,
    "promethee_ii": promethee_params,
}


def _number(where: str, key: str, value: object) -> float:
    # the size check first: math.isfinite(a 400-digit int) raises OverflowError
    if isinstance(value, bool) or not isinstance(value, Real) or not abs(cast(float, value)) <= MAX_MAGNITUDE:
        shown = repr(value) if len(repr(value)) < 40 else f"a {len(repr(value))}-digit number"
        raise UsageError.at(where, key, f"must be a finite number within ±{MAX_MAGNITUDE:g}, got {shown}")
    return float(cast(float, value))


def _preference(where: str, value: object) -> str | tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not names or not all(isinstance(v, str) for v in names):
        raise UsageError.at(where, "preference", f"must be a name or a list of names, got {value!r}")
    unknown = [name for name in names if name not in PREFERENCE_FUNCTIONS]
    if unknown:
        choices = ", ".join(PREFERENCE_FUNCTIONS)
        raise UsageError.at(where, "preference", f"unknown {unknown[0]!r}; choose from {choices}")
    return value if isinstance(value, str) else tuple(names)


def _threshold(where: str, key: str, value: object) -> float | tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        if not value:
            raise UsageError.at(where, key, "needs a number or one number per criterion, got []")
        return tuple(_number(where, key, v) for v in value)
    return _number(where, key, value)


def _criteria_count(where: str, n: int | None, values: Mapping[str, object]) -> int:
    """n, or the length of the per-criterion lists when n is not known; lists must agree."""
    for key, value in values.items():
        if isinstance(value, tuple):
            if n is None:
                n = len(value)
            elif len(value) != n:
                raise UsageError.at(where, key, f"needs one value per criterion ({n}), got {len(value)}")
    return 1 if n is None else n


def _names(functions: tuple[str, ...]) -> str:
    return ", ".join(repr(f) for f in dict.fromkeys(functions))
