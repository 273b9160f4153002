"""`--method`, `--red-line` and `scenarios methods` wherever the engine ranks, and the validate
warning for a dominated option."""

from __future__ import annotations

import json

import pytest

from scenarios import load_model, rank
from scenarios.cli import main
from scenarios.methods import METHODS

from .conftest import write_model


def rank_json(args, capsys):
    assert main(["rank", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_ranks_every_command_without_nan(method, small_model_dir, capsys):
    r = rank_json(["--model", str(small_model_dir), "--method", method], capsys)
    assert r["method"] == method and sorted(o["rank"] for o in r["options"])[0] == 1
    for command in (["explain"], ["stability"], ["tornado"], ["futures"], ["sobol", "--samples", "64"]):
        assert main([*command, "--model", str(small_model_dir), "--method", method, "--format", "json"]) == 0
        out = capsys.readouterr().out
        assert "NaN" not in out and "Infinity" not in out, (command, method)


def test_the_model_default_method_is_used(tmp_path, small_docs, capsys):
    w, o = small_docs
    w["defaults"]["method"] = "topsis"
    root = write_model(tmp_path / "m", w, o)
    assert rank_json(["--model", str(root)], capsys)["method"] == "topsis"


def test_method_params_from_the_model_reach_the_method(tmp_path, small_docs):
    w, o = small_docs
    w["defaults"]["method"] = "vikor"
    w["method_params"] = {"vikor": {"v": 0.9}}
    m = load_model(write_model(tmp_path / "m", w, o))
    assert m.method_params["vikor"]["v"] == 0.9
    s_heavy = rank(m).intermediates  # S and R, whatever v is
    q = rank(m).scores
    # Q = v·(S − S*)/(S⁻ − S*) + (1 − v)·(R − R*)/(R⁻ − R*), recomputed from the intermediates
    s, r = s_heavy["S"], s_heavy["R"]
    expected = 0.9 * (s - s.min()) / (s.max() - s.min()) + 0.1 * (r - r.min()) / (r.max() - r.min())
    assert q.to_numpy() == pytest.approx(expected.to_numpy())


@pytest.mark.parametrize(
    "params, key",
    [
        ({"vikor": {"v": 2}}, "method_params.vikor"),
        ({"vikor": {"w": 1}}, "method_params.vikor"),
        ({"electre": {}}, "method_params.electre"),
        ({"promethee_ii": {"preference": "cubic"}}, "method_params.promethee_ii"),
    ],
)
def test_bad_method_params_exit_2_naming_the_key(tmp_path, small_docs, capsys, params, key):
    w, o = small_docs
    w["method_params"] = params
    root = write_model(tmp_path / "m", w, o)
    assert main(["rank", "--model", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "weights.toml" in err and key in err, err


def test_red_line_demotes_crossing_options_below_all_others_keeping_method_order(small_model_dir, capsys):
    base = [o["id"] for o in rank_json(["--model", str(small_model_dir)], capsys)["options"]]
    cost = {o.id: o.scores["cost"].value for o in load_model(small_model_dir).options}
    line = 3.5  # cost is lower-is-better: alpha (4) and beta (7) cross, gamma (2) does not
    r = rank_json(["--model", str(small_model_dir), "--red-line", f"cost={line}"], capsys)
    crossing = [o for o in base if cost[o] > line]
    assert [o["id"] for o in r["options"]] == [o for o in base if o not in crossing] + crossing
    assert {o["id"]: o["red_lines_crossed"] for o in r["options"]} == {
        o: (["cost"] if o in crossing else []) for o in base
    }
    assert r["red_lines"] == {"cost": line}
    assert base[0] in crossing  # the case is not trivial: the leader falls


def test_red_line_from_the_model_file_and_lifted_by_flag(tmp_path, small_docs, capsys):
    w, o = small_docs
    w["criteria"]["cost"]["red_line"] = 0.5  # every option costs more: all cross, order unchanged
    root = write_model(tmp_path / "m", w, o)
    crossed = rank_json(["--model", str(root)], capsys)
    assert all(opt["red_lines_crossed"] == ["cost"] for opt in crossed["options"])
    lifted = rank_json(["--model", str(root), "--red-line", "cost=none"], capsys)
    assert all(opt["red_lines_crossed"] == [] for opt in lifted["options"])
    assert [x["id"] for x in crossed["options"]] == [x["id"] for x in lifted["options"]]


@pytest.mark.parametrize(
    "flag, fragment",
    [
        ("cost", "ID=VALUE"),
        ("cost=abc", "expected a number"),
        ("speed=1000", "outside the scale"),
        ("nope=3", "unknown criterion"),
    ],
)
def test_bad_red_line_flags_exit_2_with_one_line(small_model_dir, capsys, flag, fragment):
    assert main(["rank", "--model", str(small_model_dir), "--red-line", flag]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--red-line" in err and fragment in err, err


def test_unknown_method_exits_2(small_model_dir, capsys):
    assert main(["rank", "--model", str(small_model_dir), "--method", "electre"]) == 2
    assert "--method: electre: unknown method" in capsys.readouterr().err


def test_methods_command_lists_every_method(capsys):
    assert main(["methods", "--format", "json"]) == 0
    names = [m["name"] for m in json.loads(capsys.readouterr().out)["methods"]]
    assert names == list(METHODS)


def test_validate_warns_of_a_dominated_option_but_passes(tmp_path, small_docs, capsys):
    w, o = small_docs
    o["gamma"]["scores"] = {"cost": 9, "safety": 1, "speed": 1}  # worst on everything
    root = write_model(tmp_path / "m", w, o)
    assert main(["validate", "--model", str(root)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "gamma is dominated" in err


def test_a_one_option_model_is_refused_everywhere_alike(tmp_path, small_docs, capsys):
    w, o = small_docs
    root = write_model(tmp_path / "m", w, {"alpha": o["alpha"]})
    for command in (["validate"], ["rank"], ["tornado"]):
        assert main([*command, "--model", str(root)]) == 2
        assert "at least two" in capsys.readouterr().err
