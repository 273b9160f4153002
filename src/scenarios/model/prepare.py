"""The model as an analysis sees it: a profile's or the user's weights applied, the method checked."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import UsageError
from ..methods import METHODS
from .decision import Model


def prepare(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None,
    profile: str | None,
    method: str | None,
) -> tuple[Model, str]:
    """The model to analyse and its method, as `rank()` sets them up: `profile` sets the point
    weights, `weights` (full array or partial mapping of raw weights) then overrides them."""
    if profile:
        model = model.with_profile(profile)
    model = model.with_weights(weights)
    method = method or model.method
    if method not in METHODS:
        raise UsageError.at("--method", method, f"unknown method (expected one of {', '.join(METHODS)})")
    return model, method
