"""Aggregation methods: a decision matrix and weights → one score per option, plus red lines and ranks."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import UsageError
from ._params import CHECKS
from .additive import AdditiveResult, additive
from .promethee import PREFERENCE_FUNCTIONS, PrometheeResult, promethee_ii
from .ranks import TIE_TOLERANCE, ranks
from .red_lines import crossed, demote
from .topsis import TopsisResult, topsis
from .vikor import VikorResult, vikor
from .weighted_product import WeightedProductResult, weighted_product

__all__ = [
    "METHODS",
    "PREFERENCE_FUNCTIONS",
    "TIE_TOLERANCE",
    "AdditiveResult",
    "Method",
    "PrometheeResult",
    "TopsisResult",
    "VikorResult",
    "WeightedProductResult",
    "additive",
    "check_params",
    "crossed",
    "demote",
    "promethee_ii",
    "ranks",
    "topsis",
    "vikor",
    "weighted_product",
]


@dataclass(frozen=True)
class Method:
    """One aggregation method: `function(matrix (…, m, n), weights (…, n), better, **params)`.

    higher_is_better: direction of `result.scores`; params: keyword parameters it accepts (all
    with defaults); uses_values: True when the matrix holds 0–1 criterion values after the
    model's value functions, False when it holds raw scores on each criterion's scale;
    nonnegative_scores: True when raw scores below 0 are meaningless (the loader should refuse a
    scale that goes below 0); summary: one line on what the method assumes.
    """

    name: str
    function: Callable[..., object]
    higher_is_better: bool
    params: tuple[str, ...]
    uses_values: bool
    summary: str
    nonnegative_scores: bool = False

    def defaults(self) -> dict[str, object]:
        """Each parameter's default, read from the function's signature."""
        signature = inspect.signature(self.function).parameters
        return {name: signature[name].default for name in self.params}


METHODS: dict[str, Method] = {
    method.name: method
    for method in (
        Method(
            "additive",
            additive,
            higher_is_better=True,
            params=(),
            uses_values=True,
            summary="Weighted sum of 0–1 values; fully compensatory (interval-scale values, swing weights).",
        ),
        Method(
            "weighted_product",
            weighted_product,
            higher_is_better=True,
            params=(),
            uses_values=False,
            summary="Weighted product of raw ratio-scale scores; a score of 0 vetoes or trumps.",
            nonnegative_scores=True,
        ),
        Method(
            "topsis",
            topsis,
            higher_is_better=True,
            params=(),
            uses_values=False,
            summary="Closeness to the ideal vs anti-ideal option (vector norm, Euclidean); set-dependent.",
        ),
        Method(
            "vikor",
            vikor,
            higher_is_better=False,
            params=("v",),
            uses_values=False,
            summary="Compromise index Q (lower is better) of total and worst regret; set-dependent.",
        ),
        Method(
            "promethee_ii",
            promethee_ii,
            higher_is_better=True,
            params=("preference", "q", "p", "s"),
            uses_values=False,
            summary="Net outranking flow from pairwise score differences per criterion; set-dependent.",
        ),
    )
}


def check_params(name: str, params: Mapping[str, object], n: int | None = None) -> dict[str, object]:
    """Validate a method's user-given parameters; return them complete with defaults, normalized.

    n: the number of criteria, when known, to check per-criterion lists against. Raises
    UsageError.at("method_params." + name, key, message) for an unknown parameter or a bad value
    (UsageError.at("method", name, …) for an unknown method).
    """
    if name not in METHODS:
        raise UsageError.at("method", name, f"unknown method; choose one of {', '.join(METHODS)}")
    method = METHODS[name]
    where = "method_params." + name
    for key in params:
        if key not in method.params:
            accepted = ", ".join(method.params) if method.params else "no parameters"
            raise UsageError.at(where, key, f"unknown parameter; {name} takes {accepted}")
    return CHECKS[name](where, {**method.defaults(), **params}, params, n)
