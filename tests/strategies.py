"""Hypothesis strategies for generated VALID models, as the documents of a model folder.

`model_docs()` draws a `ModelDocs` (weights.toml, one document per option, and optionally
futures.toml): 2–12 options, 2–15 criteria, scales with negative lows (non-negative when the
method is the weighted product, which needs a ratio scale), both directions, optional piecewise
value functions, every score distribution, every weight model, optional weight ranges, red lines,
profiles and futures (1–3 uncertainties with effects), and every method of `METHODS` with valid
parameters. Numbers sit on coarse grids so that a valid model stays valid after TOML round trips.
`load_docs(docs)` writes the folder to a temporary directory and loads it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from hypothesis import strategies as st

from scenarios import load_model
from scenarios.methods import METHODS
from scenarios.model.decision import Model

DISTRIBUTIONS = ("triangular", "pert", "uniform", "normal", "fixed")
WEIGHT_MODELS = ("dirichlet", "intervals", "ordinal", "uniform")
PREFERENCES = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")


@dataclass
class ModelDocs:
    """The parsed documents of one model folder."""

    weights: dict
    options: dict[str, dict]
    futures: dict | None = None

    @property
    def method(self) -> str:
        return self.weights["defaults"]["method"]

    def write(self, root: Path) -> Path:
        (root / "scenarios").mkdir(parents=True, exist_ok=True)
        (root / "weights.toml").write_text(tomli_w.dumps(self.weights), encoding="utf-8")
        for oid, doc in self.options.items():
            (root / "scenarios" / f"{oid}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
        if self.futures is not None:
            (root / "futures.toml").write_text(tomli_w.dumps(self.futures), encoding="utf-8")
        return root


def load_docs(docs: ModelDocs) -> Model:
    """Write the documents to a fresh temporary folder and load them (the loader checks them)."""
    with tempfile.TemporaryDirectory() as tmp:
        return load_model(docs.write(Path(tmp) / "model"))


@st.composite
def criterion_docs(draw, cid: str, nonnegative: bool) -> dict:
    step = draw(st.sampled_from([0.5, 1.0, 10.0]))
    low = draw(st.integers(0 if nonnegative else -20, 20)) * step
    width = draw(st.integers(2, 40)) * step
    better = draw(st.sampled_from(["higher", "lower"]))
    doc = {"label": f"Criterion {cid}", "better": better, "scale": [low, low + width]}
    doc["weight"] = draw(st.integers(0, 10))
    if draw(st.booleans()):  # a piecewise value function, monotone in `better`
        k = draw(st.integers(1, 3))
        xs = sorted(draw(st.sets(st.integers(1, 19), min_size=k, max_size=k)))
        vs = sorted(draw(st.lists(st.integers(0, 20), min_size=k, max_size=k)))
        points = [[low, 0.0]] + [[low + x * width / 20, v / 20] for x, v in zip(xs, vs, strict=True)]
        points.append([low + width, 1.0])
        if better == "lower":
            points = [[x, 1.0 - v] for x, v in points]
        doc["value_function"] = points
    if draw(st.integers(0, 4)) == 0:
        doc["red_line"] = low + draw(st.integers(0, 20)) * width / 20
    return doc


@st.composite
def score_doc(draw, scale: list[float]):
    low, high = scale
    grid = (high - low) / 20
    value = low + draw(st.integers(0, 20)) * grid
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return value
    if kind == 1:
        return {"value": value, "rationale": "a bare value"}
    lo = max(low, value - draw(st.integers(0, 5)) * grid)
    hi = min(high, value + draw(st.integers(0, 5)) * grid)
    doc = {"value": value, "range": [lo, hi]}
    dist = draw(st.sampled_from(DISTRIBUTIONS))
    if dist != "triangular" or draw(st.booleans()):
        doc["distribution"] = dist
    return doc


@st.composite
def futures_doc(draw, option_ids: list[str], scales: dict[str, list[float]]) -> dict:
    uncertainties = {}
    for u in range(draw(st.integers(1, 3))):
        k = draw(st.integers(2, 3))
        raw = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
        probabilities = [r / sum(raw) for r in raw]
        uncertainties[f"u{u}"] = {
            "label": f"Uncertainty {u}",
            "outcomes": {f"o{i}": {"probability": p} for i, p in enumerate(probabilities)},
        }
    refs = [f"{u}.{o}" for u, t in uncertainties.items() for o in t["outcomes"]]
    effects = []
    for _ in range(draw(st.integers(0, 4))):
        cid = draw(st.sampled_from(sorted(scales)))
        low, high = scales[cid]
        effect = {"when": draw(st.sampled_from(refs)), "criterion": cid}
        if draw(st.booleans()):
            effect["option"] = draw(st.sampled_from(option_ids))
        if draw(st.booleans()):
            effect["shift"] = draw(st.integers(-5, 5)) * (high - low) / 20
        else:
            effect["value"] = low + draw(st.integers(0, 20)) * (high - low) / 20
        effects.append(effect)
    return {"uncertainties": uncertainties, "effects": effects}


def method_params(draw, method: str) -> dict:
    if method == "vikor" and draw(st.booleans()):
        return {"v": draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))}
    if method == "promethee_ii" and draw(st.booleans()):
        preference = draw(st.sampled_from(PREFERENCES))
        params = {"preference": preference}
        if preference in ("u-shape", "level", "linear"):
            params["q"] = 0.5
        if preference in ("v-shape", "level", "linear"):
            params["p"] = 2.0
        if preference == "gaussian":
            params["s"] = 1.0
        return params
    return {}


@st.composite
def model_docs(
    draw,
    methods: tuple[str, ...] = tuple(METHODS),
    options: tuple[int, int] = (2, 12),
    criteria: tuple[int, int] = (2, 15),
    futures: bool | None = None,
) -> ModelDocs:
    """A valid model folder's documents (see the module doc). `futures`: None = maybe."""
    method = draw(st.sampled_from(methods))
    nonnegative = METHODS[method].nonnegative_scores
    n = draw(st.integers(*criteria))
    m = draw(st.integers(*options))
    crits = {f"c{j}": draw(criterion_docs(f"c{j}", nonnegative)) for j in range(n)}
    if all(c["weight"] == 0 for c in crits.values()):
        crits["c0"]["weight"] = 1
    total = sum(c["weight"] for c in crits.values())
    weight_model = draw(st.sampled_from(WEIGHT_MODELS))
    if weight_model == "intervals" or draw(st.integers(0, 3)) == 0:
        for c in crits.values():  # ranges around the normalized weight: feasible by construction
            w = c["weight"] / total
            c["weight_range"] = [max(0.0, round(w - 0.05, 3)), min(1.0, round(w + 0.05, 3))]
    weights = {
        "title": "Generated decision",
        "defaults": {"method": method, "samples": 2000, "seed": draw(st.integers(0, 2**32))},
        "criteria": crits,
        "weight_uncertainty": {"model": weight_model, "concentration": draw(st.sampled_from([5, 40, 200]))},
    }
    params = method_params(draw, method)
    if params:
        weights["method_params"] = {method: params}
    if draw(st.booleans()):
        weights["profiles"] = {
            "equal": {"label": "Equal", "weights": dict.fromkeys(crits, 1)},
        }
    option_docs = {
        f"o{i}": {
            "label": f"Option {i}",
            "scores": {cid: draw(score_doc(c["scale"])) for cid, c in crits.items()},
        }
        for i in range(m)
    }
    with_futures = draw(st.booleans()) if futures is None else futures
    fut = None
    if with_futures:
        fut = draw(futures_doc(list(option_docs), {cid: c["scale"] for cid, c in crits.items()}))
    return ModelDocs(weights, option_docs, fut)


def models(**kwargs) -> st.SearchStrategy[Model]:
    """Loaded `Model`s of `model_docs(**kwargs)`."""
    return model_docs(**kwargs).map(load_docs)
