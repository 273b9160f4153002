"""Fuzz inputs: the valid seed model, and how an input's bytes become a broken model folder.

Shared by fuzz/fuzz_load.py and tests/test_fuzz_corpus.py (which replays every saved crash).
The seed model has three options, three criteria (one with a negative scale) and two uncertainties.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import tomli_w

WEIGHTS = {
    "title": "Fuzz seed",
    "defaults": {"method": "additive", "samples": 1000, "seed": 1},
    "criteria": {
        "cost": {"label": "Cost", "better": "lower", "scale": [-5, 10], "weight": 0.5, "red_line": 8},
        "safety": {
            "better": "higher",
            "scale": [0, 10],
            "weight": 0.3,
            "weight_range": [0.1, 0.5],
            "value_function": [[0, 0], [5, 0.8], [10, 1]],
        },
        "speed": {"better": "higher", "scale": [0, 100], "weight": 0.2},
    },
    "weight_uncertainty": {"model": "dirichlet", "concentration": 30},
    "profiles": {"p": {"label": "P", "weights": {"cost": 1, "safety": 3, "speed": 1}}},
    "method_params": {"vikor": {"v": 0.4}},
}
OPTIONS = {
    "alpha": {"label": "Alpha", "scores": {"cost": {"value": 4, "range": [3, 6]}, "safety": 6, "speed": 50}},
    "beta": {
        "label": "Beta",
        "scores": {"cost": -2, "safety": {"value": 9, "range": [8, 10], "distribution": "pert"}, "speed": 80},
    },
    "gamma": {
        "scores": {
            "cost": 2,
            "safety": 3,
            "speed": {"value": 20, "range": [10, 30], "distribution": "normal"},
        }
    },
}
FUTURES = {
    "uncertainties": {
        "government": {
            "label": "G",
            "outcomes": {"balancing": {"probability": 0.6}, "aligned": {"probability": 0.4, "label": "A"}},
        },
        "oil": {"outcomes": {"high": {"probability": 0.5}, "low": {"probability": 0.5}}},
    },
    "effects": [
        {"when": "government.aligned", "option": "alpha", "criterion": "safety", "shift": -2},
        {"when": ["government.balancing", "oil.low"], "criterion": "cost", "value": 3},
    ],
}
FILES = ("weights.toml", "futures.toml", *OPTIONS)


def write_seed(root: Path) -> Path:
    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    (root / "weights.toml").write_text(tomli_w.dumps(WEIGHTS), encoding="utf-8")
    (root / "futures.toml").write_text(tomli_w.dumps(FUTURES), encoding="utf-8")
    for oid, doc in OPTIONS.items():
        (root / "scenarios" / f"{oid}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return root


COMMANDS = (["validate"], ["rank"], ["futures"], ["rank", "--method", "weighted_product"])
INTERESTING = [
    float("nan"),
    float("inf"),
    -float("inf"),
    10**400,
    -(10**400),
    2**63,
    1e308,
    -1e308,
    5e-324,
    0,
    -1,
    -0.0,
    "",
    "x" * 300,
    "ع",
    True,
    [],
    [1],
    [1, 2, 3],
    [-1e308, 1e308],
    [10**30, 10**31],
    [[0, 1], [1e308, 0]],
    {},
    {"value": 1},
    "government.balancing",
]


def structured(data: bytes) -> tuple[str, bytes]:
    """Mutate one valid document at a path chosen by the bytes; (file name, TOML bytes)."""
    rng = random.Random(data)
    name = rng.choice(FILES)
    doc = copy.deepcopy({"weights.toml": WEIGHTS, "futures.toml": FUTURES}.get(name) or OPTIONS[name])
    for _ in range(rng.randint(1, 3)):
        table, key = _pick(doc, rng)
        action = rng.random()
        if action < 0.15:
            table.pop(key, None)
        elif action < 0.25:
            table[key.upper() if rng.random() < 0.5 else key + "_"] = table.get(key)
        else:
            table[key] = rng.choice(INTERESTING)
    try:
        text = tomli_w.dumps(_strip_none(doc))
    except (TypeError, ValueError):
        text = ""
    return name, text.encode("utf-8")


def _pick(doc: dict, rng: random.Random) -> tuple[dict, str]:
    table = doc
    while True:
        key = rng.choice(list(table)) if table else "x"
        child = table.get(key)
        if isinstance(child, list) and child and isinstance(child[0], dict) and rng.random() < 0.7:
            child = rng.choice(child)
        if isinstance(child, dict) and child and rng.random() < 0.75:
            table = child
            continue
        return table, key


def _strip_none(v):
    if isinstance(v, dict):
        return {k: _strip_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_strip_none(x) for x in v if x is not None]
    return v


def decode(data: bytes) -> tuple[str, bytes, list[str]]:
    """An input → (file to replace, its new bytes, command)."""
    if not data:
        return FILES[0], b"", COMMANDS[0]
    head, rest = data[0], data[1:]
    command = COMMANDS[(head >> 4) % len(COMMANDS)]
    if head & 1:
        name, content = structured(rest)
    else:
        name, content = FILES[(head >> 1) % len(FILES)], rest
    return name, content, command


def apply(root: Path, data: bytes) -> list[str]:
    """Write the seed model under root with one file replaced as `data` says; the command to run."""
    write_seed(root)
    name, content, command = decode(data)
    (root / ("scenarios/" + name if name in OPTIONS else name)).write_bytes(content)
    return [*command, "--model", str(root)]


def seeds() -> list[bytes]:
    """Inputs that reproduce the valid files, one per file and command, for a starting corpus."""
    texts = {"weights.toml": WEIGHTS, "futures.toml": FUTURES, **OPTIONS}
    out = []
    for i, name in enumerate(FILES):
        for c in range(len(COMMANDS)):
            out.append(bytes([(c << 4) | (i << 1)]) + tomli_w.dumps(texts[name]).encode())
    return out
