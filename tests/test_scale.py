"""Scale without surprises: a 200-option × 100-criterion model ranks, runs futures, stability and
tornado in seconds with readable output, and `sobol` refuses it in one line instead of crashing."""

from __future__ import annotations

import json

import numpy as np
import pytest
import tomli_w

from scenarios.cli import main

from .conftest import write_model

M, N = 200, 100


@pytest.fixture(scope="module")
def big_model(tmp_path_factory):
    rng = np.random.default_rng(16)
    criteria = {
        f"c{j:03d}": {
            "better": "higher" if j % 2 else "lower",
            "scale": [0, 10],
            "weight": int(rng.integers(1, 10)),
        }
        for j in range(N)
    }
    options = {}
    for i in range(M):
        scores = {}
        for cid, v in zip(criteria, rng.integers(0, 11, N), strict=True):
            v = float(v)
            uncertain = rng.random() < 0.1
            scores[cid] = {"value": v, "range": [max(0.0, v - 1), min(10.0, v + 1)]} if uncertain else v
        options[f"o{i:03d}"] = {"label": f"Option number {i}", "scores": scores}
    root = write_model(tmp_path_factory.mktemp("big"), {"title": "Big", "criteria": criteria}, options)
    futures = {
        "uncertainties": {
            f"u{k}": {"outcomes": {"a": {"probability": 0.5}, "b": {"probability": 0.5}}} for k in range(3)
        },
        "effects": [{"when": f"u{k}.b", "criterion": f"c{k:03d}", "shift": 2} for k in range(3)],
    }
    (root / "futures.toml").write_text(tomli_w.dumps(futures), encoding="utf-8")
    return root


def run(capsys, *args):
    rc = main([*args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_rank_table_stays_within_100_columns_and_caps_the_contributions(big_model, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    rc, out, err = run(capsys, "rank", "--model", str(big_model))
    assert rc == 0, err
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "the top 20 of 200 options" in out
    assert len(out.splitlines()) < 600


def test_rank_json_still_has_every_option(big_model, capsys):
    rc, out, _ = run(capsys, "rank", "--model", str(big_model), "--format", "json")
    assert rc == 0 and len(json.loads(out)["options"]) == M


@pytest.mark.parametrize("command", ["futures", "stability", "tornado", "validate"])
def test_other_analyses_complete(big_model, capsys, command):
    rc, _, err = run(capsys, command, "--model", str(big_model))
    assert rc == 0, err


def test_sobol_refuses_a_model_too_big_for_memory_in_one_line(big_model, capsys):
    rc, _, err = run(capsys, "sobol", "--model", str(big_model), "--samples", "1024")
    assert rc == 2 and len(err.splitlines()) == 1 and "--samples" in err and "GiB" in err, err
