"""TOML model folder → immutable `Model`. Every check of user input happens here, once.

`load_model` raises `ModelError` carrying *every* problem found (each naming file and key);
`check_model` returns them instead, for `scenarios validate`.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from ..errors import ModelError, Problem
from ..methods import METHODS, check_params
from .decision import Criterion, Model, Option, Profile, Score, score_problems
from .distributions import DISTRIBUTIONS
from .futures import Futures, read_futures
from .numbers import magnitude_problem
from .weight_space import WEIGHT_MODELS, interval_feasibility

ID = re.compile(r"^\w[\w.-]*$")
TOP_KEYS = {
    "title",
    "source",
    "description",
    "defaults",
    "criteria",
    "weight_uncertainty",
    "profiles",
    "method_params",
}
DEFAULT_KEYS = {"method", "samples", "seed"}
CRITERION_KEYS = {
    "label",
    "better",
    "scale",
    "weight",
    "weight_range",
    "value_function",
    "description",
    "red_line",
}
UNCERTAINTY_KEYS = {"model", "concentration"}
PROFILE_KEYS = {"label", "description", "weights", "elicitation"}
OPTION_KEYS = {"label", "summary", "scores"}
SCORE_KEYS = {"value", "range", "distribution", "rationale", "basis"}
BASES = ("stated", "implied", "judgment")
NONNEGATIVE = {name for name, m in METHODS.items() if m.nonnegative_scores}  # ratio-scale methods
MAX_SAMPLES = 10**10
MAX_FILE_BYTES = 10 * 2**20  # a model file this large is a mistake (or a log pasted in): refuse, do not parse
MIN_RELATIVE_WIDTH = 1e-9  # a scale narrower than this share of its bounds' size is lost to rounding


def default_model_path() -> Path:
    """`./models` when it holds a weights.toml, else the model shipped with the package."""
    here = Path("models")
    if (here / "weights.toml").is_file():
        return here
    packaged = Path(__file__).parents[1] / "models"  # installed wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "models"  # editable install / source checkout


def load_model(path: str | os.PathLike[str] | None = None) -> Model:
    """Read and validate a model folder (None = the default model). Raises ModelError."""
    model, problems = _read_model(Path(path) if path is not None else default_model_path())
    if problems:
        raise ModelError(problems)
    assert model is not None
    return model


def check_model(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in a model folder (empty list when it is valid)."""
    return _read_model(Path(path) if path is not None else default_model_path())[1]


def read_toml_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A user's TOML file (say, AHP judgments) parsed, or ModelError naming the file and what is wrong."""
    r = _Reader(_shown(Path(path)))
    doc = r.toml(Path(path))
    if doc is None:
        raise ModelError(r.problems)
    return doc


def read_weights_file(path: str | os.PathLike[str], model: Model) -> np.ndarray:
    """A TOML file of `criterion = weight` naming every criterion → (n,) raw weights."""
    r = _Reader(_shown(Path(path)))
    doc = read_toml_file(path)
    weights = r.weight_table(doc, "", model.criterion_ids)
    if r.problems or weights is None:
        raise ModelError(r.problems)
    return weights


# ---- implementation ----------------------------------------------------------------------
def _shown(path: Path) -> str:
    """The path as the user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder, or a symlink loop
        return str(path)


class _Reader:
    """Reads typed values out of one parsed TOML file, collecting problems instead of raising."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))

    def toml(self, path: Path) -> dict[str, Any] | None:
        """The parsed file, or None with the problem recorded. Only regular files are read (a named
        pipe would block, a device could be endless), at most MAX_FILE_BYTES of them; a UTF-8 byte
        order mark, which some Windows editors add, is skipped."""
        try:
            info = path.stat()
            if stat.S_ISDIR(info.st_mode):
                self.bad("", "is a folder, expected a TOML file")
                return None
            if not stat.S_ISREG(info.st_mode):
                self.bad("", "is not a regular file (a named pipe, socket or device?); expected a TOML file")
                return None
            if info.st_size > MAX_FILE_BYTES:
                self.bad("", f"is {info.st_size:,} bytes; a model file may be at most {MAX_FILE_BYTES:,}")
                return None
            with path.open("rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            self.bad("", "file not found")
            return None
        except OSError as e:  # unreadable, a symlink loop, …
            self.bad("", f"cannot read it ({e.strerror or e})")
            return None
        if len(data) > MAX_FILE_BYTES:  # grew while we looked
            self.bad("", f"is larger than {MAX_FILE_BYTES:,} bytes, the most a model file may be")
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.bad("", "is UTF-16 text; save it as UTF-8")
            return None
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as e:
            self.bad("", f"not valid UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8")
            return None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            self.bad("", f"TOML syntax error: {e}")
        except RecursionError:
            self.bad("", "TOML syntax error: arrays or tables nested too deeply")
        return None

    def keys(self, table: dict[str, Any], allowed: set[str], prefix: str) -> None:
        for k in table:
            if k not in allowed:
                self.bad(_join(prefix, k), f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def table(self, parent: dict[str, Any], key: str, prefix: str, required: bool = False) -> dict[str, Any]:
        v = parent.get(key)
        if v is None:
            if required:
                self.bad(_join(prefix, key), "missing table")
            return {}
        if not isinstance(v, dict):
            self.bad(_join(prefix, key), f"expected a table, got {_kind(v)}")
            return {}
        return v

    def number(
        self, table: dict[str, Any], key: str, prefix: str, default: Any = ..., integer: bool = False
    ) -> Any:
        full = _join(prefix, key)
        if key not in table:
            if default is ...:
                self.bad(full, "missing")
                return None
            return default
        return self.coerce_number(table[key], full, integer)

    def coerce_number(self, v: Any, full: str, integer: bool = False) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.bad(full, f"expected a number, got {_kind(v)} {v!r}")
            return None
        problem = magnitude_problem(v)
        if problem:
            self.bad(full, problem)
            return None
        if integer and not float(v).is_integer():
            self.bad(full, f"expected a whole number, got {v}")
            return None
        return int(v) if integer else float(v)

    @overload
    def string(self, table: dict[str, Any], key: str, prefix: str, default: str) -> str: ...
    @overload
    def string(self, table: dict[str, Any], key: str, prefix: str, default: None = None) -> str | None: ...
    def string(self, table: dict[str, Any], key: str, prefix: str, default: str | None = None) -> str | None:
        if key not in table:
            if default is None:
                self.bad(_join(prefix, key), "missing")
            return default
        v = table[key]
        if not isinstance(v, str):
            self.bad(_join(prefix, key), f"expected a string, got {_kind(v)}")
            return default
        return v

    def choice(
        self, table: dict[str, Any], key: str, prefix: str, choices: Sequence[str], default: str
    ) -> str:
        v = self.string(table, key, prefix, default)
        if v not in choices:
            self.bad(_join(prefix, key), f"unknown {key} {v!r} (expected one of {', '.join(choices)})")
            return default
        return v

    def pair(self, table: dict[str, Any], key: str, prefix: str) -> tuple[float, float] | None:
        full = _join(prefix, key)
        v = table.get(key)
        if not isinstance(v, list) or len(v) != 2:
            self.bad(full, f"expected two numbers [low, high], got {v!r}")
            return None
        lo, hi = (self.coerce_number(x, full) for x in v)
        if lo is None or hi is None:
            return None
        if lo > hi:
            self.bad(full, f"low {lo:g} is above high {hi:g}")
            return None
        return lo, hi

    def weight_table(self, table: Any, prefix: str, ids: tuple[str, ...]) -> np.ndarray | None:
        """A `{criterion: weight}` table naming every criterion → (n,) raw weights."""
        if not isinstance(table, dict):
            self.bad(prefix, f"expected a table of criterion = weight, got {_kind(table)}")
            return None
        if not ids:  # the criteria are broken (already reported): nothing to check the names against
            return None
        start = len(self.problems)
        for k in table:
            if k not in ids:
                self.bad(_join(prefix, k), f"unknown criterion (expected one of {', '.join(ids)})")
        raw = []
        for cid in ids:
            w = self.number(table, cid, prefix)
            if w is not None and w < 0:
                self.bad(_join(prefix, cid), f"weight must not be negative, got {w:g}")
            raw.append(w)
        if len(self.problems) > start:
            return None
        if sum(raw) <= 0:
            self.bad(prefix, "weights are all zero; at least one must be positive")
            return None
        return np.array(raw, dtype=float)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(v: Any) -> str:
    return {dict: "a table", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(v), type(v).__name__
    )


def _read_model(root: Path) -> tuple[Model | None, list[Problem]]:
    if not root.is_dir():
        return None, [Problem(_shown(root), "", "model folder not found")]
    r = _Reader(_shown(root / "weights.toml"))
    doc = r.toml(root / "weights.toml")
    if doc is None:
        return None, r.problems
    r.keys(doc, TOP_KEYS, "")
    title = r.string(doc, "title", "", root.name)
    source = r.string(doc, "source", "", "")

    defaults = r.table(doc, "defaults", "")
    r.keys(defaults, DEFAULT_KEYS, "defaults")
    method = r.choice(defaults, "method", "defaults", tuple(METHODS), "additive")
    samples = r.number(defaults, "samples", "defaults", 100_000, integer=True)
    if samples is not None and not 1 <= samples <= MAX_SAMPLES:
        r.bad("defaults.samples", f"must be between 1 and {MAX_SAMPLES:,}, got {samples}")
    seed = r.number(defaults, "seed", "defaults", 2025, integer=True)
    if seed is not None and seed < 0:
        r.bad("defaults.seed", f"must not be negative, got {seed}")

    criteria = _read_criteria(r, doc, method)
    ids = tuple(c.id for c in criteria)

    unc = r.table(doc, "weight_uncertainty", "")
    r.keys(unc, UNCERTAINTY_KEYS, "weight_uncertainty")
    weight_model = r.choice(unc, "model", "weight_uncertainty", WEIGHT_MODELS, "dirichlet")
    concentration = r.number(unc, "concentration", "weight_uncertainty", 40.0)
    if concentration is not None and concentration <= 0:
        r.bad("weight_uncertainty.concentration", f"must be positive, got {concentration:g}")
    if any(c.weight_range for c in criteria):
        lower = np.array([(c.weight_range or (0, 1))[0] for c in criteria])
        upper = np.array([(c.weight_range or (0, 1))[1] for c in criteria])
        why = interval_feasibility(lower, upper)
        if why:
            r.bad("criteria.*.weight_range", f"no weights satisfy every range: {why}")

    profiles = {}
    for pid, p in r.table(doc, "profiles", "").items():
        prefix = f"profiles.{pid}"
        if not isinstance(p, dict):
            r.bad(prefix, f"expected a table, got {_kind(p)}")
            continue
        r.keys(p, PROFILE_KEYS, prefix)
        label = r.string(p, "label", prefix, pid)
        raw = r.weight_table(p.get("weights"), f"{prefix}.weights", ids)
        record = r.table(p, "elicitation", prefix) or None
        if raw is not None:
            w = tuple(float(x) for x in raw)
            profiles[pid] = Profile(pid, label, w, r.string(p, "description", prefix, ""), record)

    method_params = _read_method_params(r, doc, len(criteria))
    options, problems = _read_options(root, criteria)
    futures, future_problems = _read_futures_file(root, options, criteria)
    problems = r.problems + problems + future_problems
    if problems:
        return None, problems
    model = Model(
        title=title,
        source=source,
        criteria=criteria,
        options=options,
        profiles=profiles,
        path=root,
        method=method,
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        method_params=method_params,
        futures=futures,
    )
    return model, []


def _read_futures_file(
    root: Path, options: tuple[Option, ...], criteria: tuple[Criterion, ...]
) -> tuple[Futures, list[Problem]]:
    """`futures.toml` if the folder has one (else the one plain future), with its problems."""
    path = root / "futures.toml"
    if not path.exists() and not path.is_symlink():
        return Futures(), []
    r = _Reader(_shown(path))
    doc = r.toml(path)
    if doc is None:
        return Futures(), r.problems
    if not criteria:  # weights.toml is broken: the effects cannot be checked against it
        return Futures(), []
    scales = {c.id: c.scale for c in criteria}
    futures, problems = read_futures(doc, r.file, [o.id for o in options], scales)
    return futures or Futures(), problems


def _read_method_params(r: _Reader, doc: dict[str, Any], n: int) -> dict[str, dict[str, object]]:
    """`[method_params.<method>]` tables, each checked against what its method accepts."""
    out = {}
    for name, table in r.table(doc, "method_params", "").items():
        prefix = f"method_params.{name}"
        if name not in METHODS:
            r.bad(prefix, f"unknown method (expected one of {', '.join(METHODS)})")
        elif not isinstance(table, dict):
            r.bad(prefix, f"expected a table, got {_kind(table)}")
        else:
            try:
                out[name] = check_params(name, table, n=n)
            except ModelError as e:
                r.problems.extend(Problem(r.file, _join(p.where, p.key), p.message) for p in e.problems)
    return out


def _read_criteria(r: _Reader, doc: dict[str, Any], method: str) -> tuple[Criterion, ...]:
    table = r.table(doc, "criteria", "", required=True)
    if "criteria" in doc and not table:
        r.bad("criteria", "no criteria defined")
    parsed: list[Any] = []
    seen: dict[str, str] = {}
    for cid, t in table.items():
        prefix = f"criteria.{cid}"
        if not ID.match(cid):
            r.bad(prefix, "criterion id must be letters, digits, '_', '-' or '.'")
        if cid.casefold() in seen:
            r.bad(prefix, f"duplicate criterion id: {cid!r} and {seen[cid.casefold()]!r} differ only by case")
        seen.setdefault(cid.casefold(), cid)
        if not isinstance(t, dict):
            r.bad(prefix, f"expected a table, got {_kind(t)}")
            continue
        r.keys(t, CRITERION_KEYS, prefix)
        better = r.choice(t, "better", prefix, ("lower", "higher"), "higher")
        if "better" not in t:
            r.bad(f"{prefix}.better", 'missing (say "lower" or "higher")')
        scale = r.pair(t, "scale", prefix) if "scale" in t else (0.0, 1.0)
        if scale is not None and scale[0] == scale[1]:
            r.bad(f"{prefix}.scale", "low and high are equal; a scale needs a width")
            scale = None
        elif scale is not None and scale[1] - scale[0] < MIN_RELATIVE_WIDTH * max(map(abs, scale)):
            r.bad(
                f"{prefix}.scale",
                f"[{scale[0]:.17g}, {scale[1]:.17g}] is too narrow for the size of its numbers to tell "
                "scores apart; shift or rescale it",
            )
            scale = None
        if scale is not None and method in NONNEGATIVE and scale[0] < 0:
            r.bad(
                f"{prefix}.scale",
                f"goes below 0 ({scale[0]:g}), but defaults.method = {method!r} needs scores ≥ 0 "
                "(ratio scale); shift the scale or choose another method",
            )
        weight = r.number(t, "weight", prefix)
        if weight is not None and weight < 0:
            r.bad(f"{prefix}.weight", f"must not be negative, got {weight:g}")
        wr = r.pair(t, "weight_range", prefix) if "weight_range" in t else None
        if wr is not None and not 0 <= wr[0] <= wr[1] <= 1:
            r.bad(
                f"{prefix}.weight_range",
                f"must lie within [0, 1] (normalized weights), got {list(wr)}",
            )
        vf = _read_value_function(r, t, prefix, scale, better) if "value_function" in t else None
        label = r.string(t, "label", prefix, cid)
        line = r.number(t, "red_line", prefix, None)
        if line is not None and scale is not None and not scale[0] <= line <= scale[1]:
            r.bad(f"{prefix}.red_line", f"{line:g} is outside the scale [{scale[0]:g}, {scale[1]:g}]")
        desc = r.string(t, "description", prefix, "")
        parsed.append((cid, label, better, scale, weight, wr, vf, desc, line))
    weights = [p[4] for p in parsed]
    if parsed and all(w is not None for w in weights) and sum(weights) <= 0:
        r.bad("criteria", "weights are all zero; at least one must be positive")
        return ()
    if any(p[3] is None or p[4] is None for p in parsed):
        return ()
    total = sum(weights)
    criteria = []
    for cid, label, better, scale, w, wr, vf, desc, line in parsed:
        w = w / total
        if wr is not None and not wr[0] - 1e-9 <= w <= wr[1] + 1e-9:
            r.bad(
                f"criteria.{cid}.weight_range",
                f"{list(wr)} does not contain the normalized weight {w:.4g}",
            )
        assert scale is not None  # criteria with a broken scale returned () above
        criteria.append(Criterion(cid, label, better, scale, w, wr, vf, desc, line))
    return tuple(criteria)


def _read_value_function(
    r: _Reader, t: dict[str, Any], prefix: str, scale: tuple[float, float] | None, better: str
) -> tuple[tuple[float, float], ...] | None:
    key = f"{prefix}.value_function"
    pts = t["value_function"]
    if not isinstance(pts, list) or len(pts) < 2 or not all(isinstance(p, list) and len(p) == 2 for p in pts):
        r.bad(key, "expected at least two [score, value] pairs")
        return None
    nums = [[r.coerce_number(x, key) for x in p] for p in pts]
    if any(x is None for p in nums for x in p):
        return None
    xs, vs = np.array(nums).T
    if np.any(np.diff(xs) <= 0):
        r.bad(key, "scores must be strictly increasing")
    elif np.any(np.diff(xs) < MIN_RELATIVE_WIDTH * (xs[-1] - xs[0])):
        r.bad(key, "scores are too close together (steps under a billionth of the scale's width)")
    elif scale is not None and (xs[0] != scale[0] or xs[-1] != scale[1]):
        r.bad(key, f"must run from the scale's low {scale[0]:g} to its high {scale[1]:g}")
    elif np.any((vs < 0) | (vs > 1)):
        r.bad(key, "values must lie in [0, 1]")
    elif np.any(np.diff(vs) * (1 if better == "higher" else -1) < 0):
        r.bad(
            key,
            f"must be monotone {'increasing' if better == 'higher' else 'decreasing'} (better = {better!r})",
        )
    else:
        return tuple((float(x), float(v)) for x, v in zip(xs, vs, strict=True))
    return None


def _read_options(root: Path, criteria: tuple[Criterion, ...]) -> tuple[tuple[Option, ...], list[Problem]]:
    folder = root / "scenarios"
    if not folder.is_dir():
        return (), [Problem(_shown(folder), "", "folder not found (one TOML file per option goes here)")]
    files = sorted(folder.glob("*.toml"))
    if not files:
        return (), [Problem(_shown(folder), "", "no option files (*.toml) found")]
    if len(files) == 1:  # every analysis compares options; one option is not yet a decision
        return (), [
            Problem(_shown(folder), "", f"only one option ({files[0].name}); a decision needs at least two")
        ]
    problems: list[Problem] = []
    options: list[Option] = []
    seen: dict[str, str] = {}
    by_id = {c.id: c for c in criteria}
    for f in files:
        r = _Reader(_shown(f))
        oid = f.stem
        if not ID.match(oid):
            r.bad("", f"option id {oid!r} (the file name) must be letters, digits, '_', '-' or '.'")
        if oid.casefold() in seen:
            r.bad("", f"duplicate option id {oid!r} (also {seen[oid.casefold()]})")
        seen[oid.casefold()] = r.file
        doc = r.toml(f)
        if doc is not None:
            options.append(_read_option(r, doc, oid, by_id))
        problems += r.problems
    return tuple(options), problems


def _read_option(r: _Reader, doc: dict[str, Any], oid: str, criteria: dict[str, Criterion]) -> Option:
    r.keys(doc, OPTION_KEYS, "")
    scores_t = r.table(doc, "scores", "", required=True)
    for k in scores_t:
        if criteria and k not in criteria:
            r.bad(f"scores.{k}", f"unknown criterion (expected one of {', '.join(criteria)})")
    scores = {}
    for cid, c in criteria.items():
        key = f"scores.{cid}"
        if cid not in scores_t:
            if "scores" in doc:
                r.bad(key, "missing: every option must score every criterion")
            continue
        s = _read_score(r, scores_t[cid], key)
        if s is None:
            continue
        for msg in score_problems(s, c):
            r.bad(key, msg)
        scores[cid] = s
    return Option(oid, r.string(doc, "label", "", oid), scores, r.string(doc, "summary", "", ""), r.file)


def _read_score(r: _Reader, v: Any, key: str) -> Score | None:
    if not isinstance(v, dict):
        x = r.coerce_number(v, key)
        return None if x is None else Score(x, x, x, "fixed")
    r.keys(v, SCORE_KEYS, key)
    x = r.number(v, "value", key)
    rng = r.pair(v, "range", key) if "range" in v else None
    dist = r.choice(v, "distribution", key, DISTRIBUTIONS, "triangular" if rng else "fixed")
    rationale = r.string(v, "rationale", key, "")
    basis = r.choice(v, "basis", key, BASES, "") if "basis" in v else ""
    if x is None:
        return None
    if rng is None:
        if dist != "fixed":
            r.bad(f"{key}.distribution", f"{dist!r} needs a range = [low, high]")
        return Score(x, x, x, "fixed", rationale, basis)
    if rng[0] == rng[1]:
        dist = "fixed"
    return Score(x, rng[0], rng[1], dist, rationale, basis)
