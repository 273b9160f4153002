"""A Model laid out as spreadsheet tables: one per sheet, a header and rows of plain values.

`model_tables` gives criteria, scores, options, settings, profiles and, with futures,
uncertainties and effects; `sheets.TableReader` reads such tables back into the model
folder's TOML documents. Numbers are kept exactly as the model has them, weights as numbers
the loader normalizes back to the same weights.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import tomli_w

from . import save
from .decision import Model, Score
from .save import _num, readable_weights

# Each sheet's columns in order.
COLUMNS = {
    "criteria": (
        "id",
        "label",
        "better",
        "scale_min",
        "scale_max",
        "weight",
        "weight_min",
        "weight_max",
        "red_line",
        "value_function",
        "description",
    ),
    "scores": ("option", "criterion", "value", "low", "high", "distribution", "rationale", "basis"),
    "options": ("id", "label", "summary"),
    "settings": ("setting", "value"),
    "profiles": ("profile", "label", "description", "elicitation"),  # then one column per criterion
    "uncertainties": ("uncertainty", "label", "rationale", "outcome", "outcome_label", "probability"),
    "effects": ("when", "option", "criterion", "shift", "value", "rationale"),
}
FORMULA_START = ("=", "+", "-", "@")


def fits_a_cell(x: float) -> bool:
    """Whether a spreadsheet cell keeps `x` exactly (openpyxl writes 16 significant digits)."""
    return float(f"{x:.16g}") == x


# ---- Model → tables ------------------------------------------------------------------------
def model_tables(model: Model) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """Sheet name → (header, rows) for `model`; rows hold str, int, float or None (empty)."""
    weights = readable_weights([c.weight for c in model.criteria], fits=fits_a_cell)
    criteria = [
        (
            c.id,
            c.label,
            c.better,
            _num(c.scale[0]),
            _num(c.scale[1]),
            _num(w),
            *((_num(c.weight_range[0]), _num(c.weight_range[1])) if c.weight_range else (None, None)),
            None if c.red_line is None else _num(c.red_line),
            value_function_text(c.value_function) if c.value_function else None,
            c.description or None,
        )
        for c, w in zip(model.criteria, weights, strict=True)
    ]
    scores = [(o.id, cid, *_score_row(o.scores[cid])) for o in model.options for cid in model.criterion_ids]
    options = [(o.id, o.label, o.summary or None) for o in model.options]
    settings = [
        ("title", model.title),
        ("source", model.source or None),
        ("method", model.method),
        ("samples", int(model.samples)),
        ("seed", int(model.seed)),
        ("weight_model", model.weight_model),
        ("concentration", _num(model.concentration)),
    ]
    params = getattr(model, "method_params", None) or {}
    for method, values in params.items() if isinstance(params, Mapping) else ():
        for name, value in dict(values).items():
            settings.append((f"method_params.{method}.{name}", _cell_value(value)))
    profiles = [
        (
            p.id,
            p.label,
            p.description or None,
            inline_toml(dict(p.elicitation)) if p.elicitation else None,
            *map(_num, p.weights),
        )
        for p in model.profiles.values()
    ]
    tables = {
        "criteria": (COLUMNS["criteria"], criteria),
        "scores": (COLUMNS["scores"], scores),
        "options": (COLUMNS["options"], options),
        "settings": (COLUMNS["settings"], settings),
        "profiles": (COLUMNS["profiles"] + model.criterion_ids, profiles),
    }
    futures = futures_doc(model)
    if futures:
        tables.update(futures_tables(futures))
    return tables


def _score_row(s: Score) -> tuple[Any, ...]:
    ranged = s.low != s.high
    return (
        _num(s.value),
        _num(s.low) if ranged else None,
        _num(s.high) if ranged else None,
        s.distribution,
        s.rationale or None,
        s.basis or None,
    )


def value_function_text(points: Iterable[tuple[float, float]]) -> str:
    """[(0, 1), (4, 0.8), (10, 0)] → "0:1; 4:0.8; 10:0" (shortest text that reads back exact)."""
    return "; ".join(f"{_num(x)!r}:{_num(v)!r}" for x, v in points)


def inline_toml(value: Any) -> str:
    """A TOML value as one line of text (`{method = "swing", points = [100, 40]}`); tomli_w
    writes a table as a [section], which a cell cannot hold."""
    if isinstance(value, Mapping):
        items = (f"{_toml_key(k)} = {inline_toml(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline_toml(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}, multiline_strings=False).split("=", 1)[1].strip()


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else inline_toml(key)


def _cell_value(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        return inline_toml(v)
    return _num(v) if isinstance(v, int | float) else v


def futures_doc(model: Model) -> dict[str, Any] | None:
    """The futures.toml document of `model`, or None when it has no futures."""
    f = model.futures
    return save.futures_doc(f) if f.uncertainties or f.effects else None


def futures_tables(doc: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """The uncertainties and effects sheets of a futures.toml document."""
    rows = []
    for uid, u in doc.get("uncertainties", {}).items():
        for oid, o in u.get("outcomes", {}).items():
            rows.append(
                (uid, u.get("label"), u.get("rationale"), oid, o.get("label"), _num(o["probability"]))
            )
    effects = []
    for e in doc.get("effects", []):
        when = e["when"] if isinstance(e["when"], list) else [e["when"]]
        shift, value = e.get("shift"), e.get("value")
        effects.append(
            (
                " & ".join(when),
                e.get("option"),
                e["criterion"],
                None if shift is None else _num(shift),
                None if value is None else _num(value),
                e.get("rationale"),
            )
        )
    return {
        "uncertainties": (COLUMNS["uncertainties"], rows),
        "effects": (COLUMNS["effects"], effects),
    }
