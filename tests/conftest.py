"""Shared fixtures: build small model folders on disk from plain dicts."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import tomli_w

SMALL_WEIGHTS = {
    "title": "Small test decision",
    "defaults": {"method": "additive", "samples": 2000, "seed": 7},
    "criteria": {
        "cost": {
            "label": "Cost",
            "better": "lower",
            "scale": [0, 10],
            "weight": 0.5,
            "weight_range": [0.3, 0.7],
        },
        "safety": {
            "label": "Safety",
            "better": "higher",
            "scale": [0, 10],
            "weight": 0.3,
            "weight_range": [0.1, 0.5],
        },
        "speed": {"label": "Speed", "better": "higher", "scale": [0, 100], "weight": 0.2},
    },
    "weight_uncertainty": {"model": "dirichlet", "concentration": 30},
    "profiles": {"safety_first": {"label": "Safety first", "weights": {"cost": 1, "safety": 3, "speed": 1}}},
}
SMALL_OPTIONS = {
    "alpha": {
        "label": "Alpha",
        "scores": {
            "cost": {"value": 4, "range": [3, 6], "rationale": "cheap-ish"},
            "safety": {"value": 6, "range": [5, 8], "distribution": "pert"},
            "speed": 50,
        },
    },
    "beta": {"label": "Beta", "scores": {"cost": 7, "safety": 9, "speed": {"value": 80, "range": [60, 90]}}},
    "gamma": {"label": "Gamma", "scores": {"cost": 2, "safety": 3, "speed": 20}},
}


def write_model(root: Path, weights: dict, options: dict[str, dict]) -> Path:
    """Write weights.toml and scenarios/<id>.toml under root; returns root."""
    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    (root / "weights.toml").write_text(tomli_w.dumps(weights), encoding="utf-8")
    for oid, doc in options.items():
        (root / "scenarios" / f"{oid}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return root


@pytest.fixture
def small_docs():
    """Deep copies of the small model's documents, free to mutate."""
    return copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)


@pytest.fixture
def small_model_dir(tmp_path: Path) -> Path:
    return write_model(tmp_path / "small", copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS))
