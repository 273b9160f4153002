"""`scenarios init`: a commented example model that validates, ranks, reports and round-trips."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

from scenarios import load_model
from scenarios.cli import main
from scenarios.model.folder import starter_folder


def test_init_writes_a_model_that_validates_ranks_and_reports(tmp_path, capsys):
    folder = tmp_path / "mydecision"
    assert main(["init", str(folder)]) == 0
    assert main(["validate", "--model", str(folder)]) == 0
    assert "ok — 3 options, 4 criteria, 2 profiles" in capsys.readouterr().out
    assert main(["rank", "--model", str(folder), "--format", "json"]) == 0
    ranking = json.loads(capsys.readouterr().out)
    assert len(ranking["options"]) == 3
    report = tmp_path / "report.html"
    args = ["report", "--model", str(folder), "--output", str(report)]
    assert main([*args, "--samples", "2000", "--sobol-samples", "64", "--workers", "1"]) == 0
    assert "Where to site the new health clinic" in report.read_text(encoding="utf-8")


def test_init_refuses_a_non_empty_folder_and_accepts_an_empty_one(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path / "full")]) == 2
    assert "folder is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0


def test_the_example_shows_every_kind_of_input():
    model = load_model(starter_folder())
    assert (len(model.options), len(model.criteria)) == (3, 4)
    kinds = {s.distribution for o in model.options for s in o.scores.values()}
    assert kinds == {"fixed", "triangular", "pert", "uniform", "normal"}
    assert any(c.value_function for c in model.criteria)
    assert any(c.weight_range for c in model.criteria)
    assert any(c.red_line is not None for c in model.criteria)
    assert model.profiles
    text = (starter_folder() / "weights.toml").read_text(encoding="utf-8")
    for key in ("title", "source", "method", "samples", "seed", "label", "better", "scale", "weight_range"):
        assert f"{key} = " in text
    assert "Iraq" not in text


def test_the_example_futures_follow_the_design():
    """DESIGN.md, "Futures": outcome probabilities sum to 1; effects name known outcomes,
    options and criteria, with a shift or a value."""
    doc = tomllib.loads((starter_folder() / "futures.toml").read_text(encoding="utf-8"))
    model = load_model(starter_folder())
    outcomes = set()
    for uid, u in doc["uncertainties"].items():
        assert u["label"] and u["rationale"]
        assert math.isclose(sum(o["probability"] for o in u["outcomes"].values()), 1.0)
        outcomes |= {f"{uid}.{oid}" for oid in u["outcomes"]}
    for e in doc["effects"]:
        when = e["when"] if isinstance(e["when"], list) else [e["when"]]
        assert set(when) <= outcomes
        assert e.get("option", model.option_ids[0]) in model.option_ids
        assert e["criterion"] in model.criterion_ids
        assert ("shift" in e) != ("value" in e)


def test_the_example_round_trips_through_a_workbook(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert main(["init", str(folder)]) == 0
    assert main(["export", "--model", str(folder), "--output", str(tmp_path / "m.xlsx")]) == 0
    assert main(["import", str(tmp_path / "m.xlsx"), "--output", str(tmp_path / "back")]) == 0
    capsys.readouterr()
    for command in (["rank"], ["sensitivity", "--samples", "2000", "--workers", "1"]):
        outs = []
        for m in (folder, tmp_path / "back"):
            assert main([*command, "--model", str(m), "--format", "json"]) == 0
            outs.append(json.loads(capsys.readouterr().out))
        assert outs[0] == outs[1]
    assert tomllib.loads((tmp_path / "back" / "futures.toml").read_text(encoding="utf-8")) == tomllib.loads(
        (Path(folder) / "futures.toml").read_text(encoding="utf-8")
    )
