"""Store elicited weights as a profile in weights.toml, leaving the rest of the file as it was.

tomlkit keeps every comment and the layout; only `[profiles.<name>]` (with its
`[profiles.<name>.elicitation]` record) and, when asked, `[weight_uncertainty]` and the
`weight_range` lines of `[criteria.<id>]` change. The file is replaced atomically.

Keys written under `[profiles.<name>]`:
    label = "…"
    description = "…"                       (only when given)
    weights = { <criterion> = w, … }         every criterion, normalized, 6+ significant digits
    [profiles.<name>.elicitation]
    method = "roc" | "rank-sum" | "rank-reciprocal" | "swing" | "ahp"
    date = YYYY-MM-DD                        TOML local date
    consistency_ratio = CR                   AHP only
    [profiles.<name>.elicitation.inputs]     what the analyst gave, e.g. order / points /
                                             criteria + matrix
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..errors import UsageError
from ..files import write_atomic

ID = re.compile(r"^\w[\w.-]*$")
WEIGHT_MODELS = ("dirichlet", "intervals", "ordinal", "uniform")  # as montecarlo/sampling.py
UNCERTAINTY_KEYS = ("model", "concentration")
RANK_METHODS = ("roc", "rank-sum", "rank-reciprocal")
ELICITATION_METHODS = (*RANK_METHODS, "swing", "ahp")  # what `elicitation.method` may say
SIGNIFICANT_DIGITS = 6
RANGE_DECIMALS = 6


def write_profile(
    weights_toml: Path,
    name: str,
    weights: Mapping[str, float],
    label: str,
    method: str,
    inputs: Mapping[str, Any],
    weight_uncertainty: Mapping[str, Any] | None = None,
    weight_ranges: Mapping[str, tuple[float, float]] | None = None,
    *,
    consistency_ratio: float | None = None,
    description: str | None = None,
    today: datetime.date | None = None,
) -> None:
    """Add or replace `[profiles.<name>]` in `weights_toml` (see the module docstring for keys).

    weights: {criterion: weight ≥ 0} naming every criterion of the file; written normalized and
    rounded to 6 significant digits (more when needed to keep the same strict order).
    weight_uncertainty: replaces the contents of `[weight_uncertainty]` (keys model, concentration).
    weight_ranges: {criterion: (low, high)} normalized bounds, written as `weight_range` (low
    rounded down, high up); each must contain the model's own point weight, as the loader checks.
    Raises UsageError (where = the file) for a bad name, an unknown or missing criterion, or a
    value the loader would reject; the file is then left untouched.
    """
    path = Path(weights_toml)
    where = str(path)
    doc = _read(path)
    if not isinstance(name, str) or not ID.match(name):
        raise UsageError.at(
            where, f"profiles.{name}", "profile name must be letters, digits, '_', '-' or '.'"
        )
    if method not in ELICITATION_METHODS:
        raise UsageError.at(
            where,
            f"profiles.{name}.elicitation.method",
            f"unknown {method!r}; expected one of {', '.join(ELICITATION_METHODS)}",
        )
    criteria = doc.get("criteria")
    if not isinstance(criteria, Mapping) or not criteria:
        raise UsageError.at(where, "criteria", "the file defines no criteria")
    ids = tuple(criteria)
    written = rounded_weights(_complete_weights(weights, ids, where, f"profiles.{name}.weights"))

    profile = tomlkit.table()
    profile["label"] = str(label)
    if description:
        profile["description"] = str(description)
    profile["weights"] = _inline_weights(written)
    profile["elicitation"] = _elicitation(method, inputs, consistency_ratio, today)

    if weight_uncertainty is not None:
        _set_uncertainty(doc, weight_uncertainty, where)
    if weight_ranges is not None:
        _set_ranges(criteria, weight_ranges, where)

    profiles = doc.get("profiles")
    if profiles is None:
        profiles = tomlkit.table(is_super_table=True)
        doc["profiles"] = profiles
    profiles[name] = profile  # an existing profile is replaced where it stands
    write_atomic(path, tomlkit.dumps(doc))


def _inline_weights(weights: Mapping[str, float]) -> tomlkit.items.InlineTable:
    """`{ id = w, … }` spaced like the profiles a person wrote (tomlkit alone omits the spaces)."""
    pairs = ", ".join(f"{tomlkit.key(cid).as_string()} = {w!r}" for cid, w in weights.items())
    table = tomlkit.parse(f"weights = {{ {pairs} }}\n")["weights"]
    assert isinstance(table, tomlkit.items.InlineTable)
    return table


def rounded_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Normalized weights rounded to 6 significant digits, or more if 6 would merge two
    weights that differ (the written weights must rank the criteria as the exact ones do)."""
    ids = list(weights)
    total = math.fsum(weights.values())
    exact = [weights[c] / total for c in ids]
    for digits in range(SIGNIFICANT_DIGITS, 18):
        rounded = [float(f"{x:.{digits}g}") for x in exact]
        if _same_order(exact, rounded):
            break
    return dict(zip(ids, rounded, strict=True))


def _same_order(a: Sequence[float], b: Sequence[float]) -> bool:
    n = len(a)
    return all(np.sign(a[i] - a[j]) == np.sign(b[i] - b[j]) for i in range(n) for j in range(i + 1, n))


def _read(path: Path) -> tomlkit.TOMLDocument:
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise UsageError.at(where, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError.at(where, "", f"cannot read: {e}") from None
    try:
        return tomlkit.parse(text)
    except TOMLKitError as e:
        raise UsageError.at(where, "", f"not valid TOML: {e}") from None


def _complete_weights(
    weights: Mapping[str, float], ids: tuple[str, ...], where: str, prefix: str
) -> dict[str, float]:
    for cid in weights:
        if cid not in ids:
            raise UsageError.at(where, f"{prefix}.{cid}", f"unknown criterion; the file has {', '.join(ids)}")
    for cid in ids:
        if cid not in weights:
            raise UsageError.at(where, f"{prefix}.{cid}", "missing: a profile weighs every criterion")
        w = weights[cid]
        if isinstance(w, bool) or not isinstance(w, int | float | np.integer | np.floating):
            raise UsageError.at(where, f"{prefix}.{cid}", f"expected a number, got {w!r}")
        if not (math.isfinite(w) and w >= 0):
            raise UsageError.at(where, f"{prefix}.{cid}", f"must be a finite number ≥ 0, got {w}")
    if math.fsum(float(weights[c]) for c in ids) <= 0:
        raise UsageError.at(where, prefix, "weights are all zero; at least one must be positive")
    return {cid: float(weights[cid]) for cid in ids}


def _elicitation(
    method: str, inputs: Mapping[str, Any], consistency_ratio: float | None, today: datetime.date | None
) -> tomlkit.items.Table:
    record = tomlkit.table()
    record["method"] = method
    record["date"] = today or datetime.date.today()
    if consistency_ratio is not None:
        record["consistency_ratio"] = float(f"{float(consistency_ratio):.{SIGNIFICANT_DIGITS}g}")
    if inputs:
        given = tomlkit.table()
        for key, value in inputs.items():
            given[str(key)] = _toml_value(value)
        record["inputs"] = given
    return record


def _toml_value(value: Any) -> Any:
    """Plain TOML data from inputs (numpy values, tuples, nested rows); matrices one row a line."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        table.update({str(k): _toml_value(v) for k, v in value.items()})
        return table
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = [_toml_value(v) for v in value]
        array = tomlkit.array()
        array.extend(items)
        if any(isinstance(v, list) for v in items):
            array.multiline(True)
        return array
    return value


def _set_uncertainty(doc: tomlkit.TOMLDocument, table: Mapping[str, Any], where: str) -> None:
    for key in table:
        if key not in UNCERTAINTY_KEYS:
            raise UsageError.at(
                where, f"weight_uncertainty.{key}", f"unknown key; expected {', '.join(UNCERTAINTY_KEYS)}"
            )
    model = table.get("model")
    if model not in WEIGHT_MODELS:
        raise UsageError.at(
            where, "weight_uncertainty.model", f"expected one of {', '.join(WEIGHT_MODELS)}, got {model!r}"
        )
    if "concentration" in table:
        c = table["concentration"]
        if isinstance(c, bool) or not isinstance(c, int | float) or not (math.isfinite(c) and c > 0):
            raise UsageError.at(
                where, "weight_uncertainty.concentration", f"must be a positive number, got {c!r}"
            )
    current = doc.get("weight_uncertainty")
    if current is None:
        current = tomlkit.table()
        doc["weight_uncertainty"] = current
    for key in [k for k in current if k not in table]:
        del current[key]
    for key, value in table.items():
        current[key] = value


def _set_ranges(criteria: Any, ranges: Mapping[str, tuple[float, float]], where: str) -> None:
    point = _model_point_weights(criteria)
    for cid, pair in ranges.items():
        key = f"criteria.{cid}.weight_range"
        if cid not in criteria:
            raise UsageError.at(
                where, f"criteria.{cid}", f"unknown criterion; the file has {', '.join(criteria)}"
            )
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise UsageError.at(where, key, f"expected (low, high), got {pair!r}")
        lo, hi = _widened(pair)
        if not 0 <= lo <= hi <= 1:
            raise UsageError.at(where, key, f"must lie within [0, 1] with low ≤ high, got {[lo, hi]}")
        if point is not None and not lo - 1e-9 <= point[cid] <= hi + 1e-9:
            raise UsageError.at(
                where,
                key,
                f"{[lo, hi]} does not contain the model's point weight {point[cid]:.4g} "
                f"(criteria.{cid}.weight, normalized); the loader would reject the file",
            )
    for cid, pair in ranges.items():
        criteria[cid]["weight_range"] = list(_widened(pair))


def _widened(pair: Sequence[float]) -> tuple[float, float]:
    """(low, high) rounded outward to `RANGE_DECIMALS`, so the written range still contains them."""
    scale = 10**RANGE_DECIMALS
    # the 1e-6 of a unit absorbs binary noise (0.29 * 1e6 = 289999.99999999994)
    lo = math.floor(float(pair[0]) * scale + 1e-6) / scale
    hi = math.ceil(float(pair[1]) * scale - 1e-6) / scale
    return lo, hi


def _model_point_weights(criteria: Any) -> dict[str, float] | None:
    """The criteria's own `weight` values normalized, or None if any is missing or not a number."""
    raw = {}
    for cid, table in criteria.items():
        w = table.get("weight") if isinstance(table, Mapping) else None
        if isinstance(w, bool) or not isinstance(w, int | float):
            return None
        raw[cid] = float(w)
    total = math.fsum(raw.values())
    return {cid: w / total for cid, w in raw.items()} if total > 0 else None
