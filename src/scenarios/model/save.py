"""Model → model folder (weights.toml + scenarios/<id>.toml) that `load_model` reads back equal.

Model files are never changed unless asked: writing into an existing, non-empty folder needs
`overwrite=True`. The folder is first rendered and validated by the loader in a scratch
folder, so nothing is written for a model the loader would refuse; then every file is written
whole or not at all (temporary file, then rename).
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import Problem, UsageError
from ..files import write_atomic
from .decision import Criterion, Model, Option, Score
from .futures import Futures
from .load import check_model


def save_model(model: Model, folder: str | os.PathLike[str], overwrite: bool = False) -> Path:
    """Write `model` as a model folder and return its path.

    Writes `weights.toml` (title, source, defaults, criteria with their normalized point
    weights, weight uncertainty, profiles with their weights as written) and one
    `scenarios/<option id>.toml` per option. Raises UsageError if `folder` is a file, or an
    existing non-empty folder and `overwrite` is False. With `overwrite=True`, option files in
    `scenarios/` that the model no longer has are removed (they would otherwise load back as
    options); other files are left alone. `load_model` reads options in file-name order, so a
    model loaded from files round-trips exactly; one built with another option order comes
    back sorted by id. Weights come back exactly when the loader's renormalization allows
    (always for a model loaded from files), else within a unit in the last place.

    A model the loader would refuse (say, `with_weights` moved a point weight outside its
    `weight_range`) raises UsageError listing every problem, and nothing is written.
    """
    root = Path(folder)
    where = str(root)
    if root.exists() and not root.is_dir():
        raise UsageError.at(where, "", "exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not overwrite:
        raise UsageError.at(
            where, "", "folder is not empty; pass overwrite=True to replace the model files in it"
        )
    # Render everything first, so a model tomli_w cannot write leaves the disk untouched.
    files = {Path("weights.toml"): dumps(weights_doc(model))}
    files.update({Path("scenarios", f"{o.id}.toml"): dumps(option_doc(o, model)) for o in model.options})
    if model.futures.uncertainties or model.futures.effects:
        files[Path("futures.toml")] = dumps(futures_doc(model.futures))
    _refuse_unloadable(files, root)
    try:
        (root / "scenarios").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError.at(where, "", f"cannot create the folder ({e.strerror})") from None
    wanted = {root / p for p in files}
    for stale in sorted((root / "scenarios").glob("*.toml")):
        if stale not in wanted:
            stale.unlink()
    for rel, text in files.items():
        write_atomic(root / rel, text)
    return root


def _refuse_unloadable(files: dict[Path, str], root: Path) -> None:
    """Raise UsageError with the loader's problems (paths shown under `root`) if the rendered
    folder would not load."""
    with tempfile.TemporaryDirectory(prefix="scenarios-save-") as scratch:
        for rel, text in files.items():
            (Path(scratch) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / rel).write_text(text, encoding="utf-8")
        problems = check_model(scratch)
        if problems:
            base = Path(scratch).resolve()
            raise UsageError(Problem(_moved(p.where, base, root), p.key, p.message) for p in problems)


def _moved(where: str, scratch: Path, root: Path) -> str:
    """A problem's file path in the scratch folder → the same file under `root`."""
    try:
        return str(root / Path(where).resolve().relative_to(scratch))
    except ValueError:
        return where


_NUMBER = r"[-+]?[\d.]+(?:e[-+]?\d+)?"
_NUMERIC_ARRAY = re.compile(rf"\[\n((?:[ \t]+(?:{_NUMBER}|\[[-+\d.e, ]*\]),\n)+)[ \t]*\]")


def dumps(doc: dict[str, Any]) -> str:
    """TOML text of `doc`, with arrays of numbers (and of such arrays) kept on one line, as a
    person would write `range = [5, 9]` (tomli_w puts every array element on its own line)."""
    text = tomli_w.dumps(doc)
    while True:
        inline = _NUMERIC_ARRAY.sub(_one_line, text)
        if inline == text:
            return text
        text = inline


def _one_line(m: re.Match[str]) -> str:
    items = (item.strip() for item in m.group(1).split(",\n"))
    return "[" + ", ".join(item for item in items if item) + "]"


def _num(x: float) -> int | float:
    """Whole numbers as TOML integers (`7`, not `7.0`); the loader reads both as the same float."""
    x = float(x)
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def weights_doc(model: Model) -> dict[str, Any]:
    """The weights.toml document of `model`, as a plain dict for tomli_w."""
    doc: dict[str, Any] = {"title": model.title}
    if model.source:
        doc["source"] = model.source
    doc["defaults"] = {"method": model.method, "samples": int(model.samples), "seed": int(model.seed)}
    weights = readable_weights([c.weight for c in model.criteria])
    doc["criteria"] = {c.id: criterion_doc(c, w) for c, w in zip(model.criteria, weights, strict=True)}
    doc["weight_uncertainty"] = {"model": model.weight_model, "concentration": _num(model.concentration)}
    if model.profiles:
        doc["profiles"] = {
            pid: {
                "label": p.label,
                **({"description": p.description} if p.description else {}),
                "weights": dict(zip(model.criterion_ids, map(_num, p.weights), strict=True)),
                **({"elicitation": dict(p.elicitation)} if p.elicitation else {}),
            }
            for pid, p in model.profiles.items()
        }
    return doc


def futures_doc(futures: Futures) -> dict[str, Any]:
    """The futures.toml document of `futures` (docs/model-format.md, "Futures") as a plain dict."""
    doc: dict[str, Any] = {"uncertainties": {}}
    for u in futures.uncertainties:
        t: dict[str, Any] = {"label": u.label}
        if u.rationale:
            t["rationale"] = u.rationale
        t["outcomes"] = {o.id: {"probability": o.probability, "label": o.label} for o in u.outcomes}
        doc["uncertainties"][u.id] = t
    effects = []
    for e in futures.effects:
        when = [f"{uid}.{oid}" for uid, oid in e.when]
        t = {"when": when[0] if len(when) == 1 else when}
        if e.option is not None:
            t["option"] = e.option
        t["criterion"] = e.criterion
        change = ("shift", e.shift) if e.shift is not None else ("value", e.value)
        assert change[1] is not None  # an effect has exactly one of shift and value (read_futures)
        t[change[0]] = _num(change[1])
        if e.rationale:
            t["rationale"] = e.rationale
        effects.append(t)
    if effects:
        doc["effects"] = effects
    return doc


def readable_weights(weights: list[float], fits: Callable[[float], bool] | None = None) -> list[float]:
    """Numbers to write for the normalized `weights` so that the loader's renormalization
    (w / sum(w), summed in order) gives back exactly these weights.

    Preferably the weights rounded to 12 significant digits (0.2, not 0.20000000000000004) or
    the weights themselves. Renormalizing is not idempotent in floating point (about one model
    in eight with integer raw weights comes back an ulp off), so failing those, look for
    proportional numbers that do come back exact: small whole-number ratios (how people write
    weights), then the weights times a factor near 1 or a few other mantissas, an ulp or two
    either way. If nothing is found (rare, and only for weights no person typed) the weights
    are returned unchanged and come back within an ulp. `fits(x)` may refuse numbers the
    writer cannot store exactly (a spreadsheet cell keeps 16 significant digits).
    """
    weights = [float(w) for w in weights]
    for candidate in _weight_candidates(weights):
        if _renormalizes_to(candidate, weights) and (fits is None or all(map(fits, candidate))):
            return candidate
    return weights


def _renormalizes_to(raw: list[float], weights: list[float]) -> bool:
    total = sum(raw)
    return total > 0 and all(r >= 0 for r in raw) and [r / total for r in raw] == weights


def _weight_candidates(weights: list[float]) -> Iterator[list[float]]:
    yield [float(f"{w:.12g}") for w in weights]
    yield list(weights)
    positive = [w for w in weights if w > 0]
    if not positive:
        return
    smallest = min(positive)
    for q in range(1, 101):  # whole numbers in the ratio of the weights
        ratios = [q * w / smallest for w in weights]
        whole = [round(r) for r in ratios]
        if all(abs(r - k) <= 1e-9 * max(1.0, r) for r, k in zip(ratios, whole, strict=True)):
            yield [float(k) for k in whole]
            break
    yield [float(f"{w / smallest:.12g}") for w in weights]
    for mantissa in (1.0, 1.5, 1.25, 1.75, 1.125, 1.375, 1.625, 1.875):
        for s in _ulps_around(mantissa, 4):
            near = [[y for y in _ulps_around(w * s, 3) if y / s == w] for w in weights]
            if not all(near):
                continue
            base = [ys[0] for ys in near]
            yield base
            for j in sorted(range(len(weights)), key=lambda i: -weights[i])[:3]:
                for y in near[j][1:]:
                    yield [*base[:j], y, *base[j + 1 :]]


def _ulps_around(x: float, n: int) -> list[float]:
    """x, then the floats 1, 2, … n ulps above and below it."""
    out, up, down = [x], x, x
    for _ in range(n):
        up, down = math.nextafter(up, math.inf), math.nextafter(down, -math.inf)
        out += [up, down]
    return out


def criterion_doc(c: Criterion, weight: float) -> dict[str, Any]:
    """`weight`: the number to write (see `readable_weights`)."""
    doc: dict[str, Any] = {
        "label": c.label,
        "better": c.better,
        "scale": [_num(x) for x in c.scale],
        "weight": _num(weight),
    }
    if c.weight_range is not None:
        doc["weight_range"] = [_num(x) for x in c.weight_range]
    if c.value_function:
        doc["value_function"] = [[_num(x), _num(v)] for x, v in c.value_function]
    if c.red_line is not None:
        doc["red_line"] = _num(c.red_line)
    if c.description:
        doc["description"] = c.description
    return doc


def option_doc(o: Option, model: Model) -> dict[str, Any]:
    doc: dict[str, Any] = {"label": o.label}
    if o.summary:
        doc["summary"] = o.summary
    doc["scores"] = {cid: score_doc(o.scores[cid]) for cid in model.criterion_ids}
    return doc


def score_doc(s: Score) -> float | dict[str, Any]:
    """A bare number for a certain score without rationale, else a table."""
    if s.low == s.high and not s.rationale and not s.basis:
        return _num(s.value)
    doc: dict[str, Any] = {"value": _num(s.value)}
    if s.low != s.high:
        doc["range"] = [_num(s.low), _num(s.high)]
        doc["distribution"] = s.distribution
    if s.rationale:
        doc["rationale"] = s.rationale
    if s.basis:
        doc["basis"] = s.basis
    return doc
