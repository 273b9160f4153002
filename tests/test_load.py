"""Loader: valid folders load; every kind of broken folder gives exit 2 and one line naming file and key."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenarios import ModelError, check_model, load_model
from scenarios.cli import main

from .conftest import write_model


def test_small_model_loads_with_normalized_weights_and_ranges(small_model_dir):
    m = load_model(small_model_dir)
    assert m.criterion_ids == ("cost", "safety", "speed")
    assert m.option_ids == ("alpha", "beta", "gamma")
    np.testing.assert_allclose(m.weights, [0.5, 0.3, 0.2])
    a = m.options[0].scores
    assert (a["cost"].low, a["cost"].value, a["cost"].high, a["cost"].distribution) == (3, 4, 6, "triangular")
    assert a["safety"].distribution == "pert"
    assert a["speed"].distribution == "fixed" and not a["speed"].uncertain
    assert m.profiles["safety_first"].weights == (1, 3, 1)
    np.testing.assert_allclose(m.with_profile("safety_first").weights, [0.2, 0.6, 0.2])
    assert (m.samples, m.seed, m.concentration) == (2000, 7, 30)


def test_raw_weights_are_normalized(tmp_path, small_docs):
    w, o = small_docs
    for c, raw in zip(w["criteria"].values(), [5, 3, 2], strict=True):
        c["weight"] = raw
        c.pop("weight_range", None)
    np.testing.assert_allclose(load_model(write_model(tmp_path, w, o)).weights, [0.5, 0.3, 0.2])


def test_arabic_labels_load_and_print(tmp_path, small_docs, capsys):
    w, o = small_docs
    w["title"] = "قرار تجريبي"
    w["criteria"]["cost"]["label"] = "الكلفة"
    o["alpha"]["label"] = "الانسحاب الكامل"
    root = write_model(tmp_path, w, o)
    m = load_model(root)
    assert m.options[0].label == "الانسحاب الكامل"
    assert main(["rank", "--model", str(root)]) == 0
    assert "الانسحاب الكامل" in capsys.readouterr().out


def _set(path: list, value):
    """A mutation setting a nested key of the weights doc (path[0] == 'w') or an option doc."""

    def mutate(w, o):
        doc = w if path[0] == "w" else o[path[0]]
        for k in path[1:-1]:
            doc = doc[k]
        if value is _DELETE:
            del doc[path[-1]]
        else:
            doc[path[-1]] = value

    return mutate


_DELETE = object()

# (case id, mutation, file the message must name, key the message must name)
BROKEN = [
    ("unknown criterion in option", _set(["alpha", "scores", "comfort"], 3), "alpha.toml", "scores.comfort"),
    (
        "missing criterion in option",
        _set(["beta", "scores", "safety"], _DELETE),
        "beta.toml",
        "scores.safety",
    ),
    ("non-numeric score", _set(["gamma", "scores", "cost"], "high"), "gamma.toml", "scores.cost"),
    ("non-finite score", _set(["gamma", "scores", "cost"], math.nan), "gamma.toml", "scores.cost"),
    (
        "infinite value",
        _set(["alpha", "scores", "cost", "value"], math.inf),
        "alpha.toml",
        "scores.cost.value",
    ),
    ("boolean score", _set(["gamma", "scores", "cost"], True), "gamma.toml", "scores.cost"),
    ("value outside scale", _set(["gamma", "scores", "cost"], 11), "gamma.toml", "scores.cost"),
    (
        "range low above high",
        _set(["alpha", "scores", "cost", "range"], [7, 5]),
        "alpha.toml",
        "scores.cost.range",
    ),
    ("range misses value", _set(["alpha", "scores", "cost", "range"], [5, 6]), "alpha.toml", "scores.cost"),
    ("range leaves scale", _set(["alpha", "scores", "cost", "range"], [3, 12]), "alpha.toml", "scores.cost"),
    ("range not a pair", _set(["alpha", "scores", "cost", "range"], [3]), "alpha.toml", "scores.cost.range"),
    (
        "unknown distribution",
        _set(["alpha", "scores", "cost", "distribution"], "lognormal"),
        "alpha.toml",
        "scores.cost.distribution",
    ),
    (
        "distribution without range",
        _set(["beta", "scores", "cost"], {"value": 7, "distribution": "pert"}),
        "beta.toml",
        "scores.cost.distribution",
    ),
    (
        "score key typo",
        _set(["alpha", "scores", "cost", "rationle"], "x"),
        "alpha.toml",
        "scores.cost.rationle",
    ),
    ("missing value", _set(["alpha", "scores", "cost", "value"], _DELETE), "alpha.toml", "scores.cost.value"),
    (
        "negative weight",
        _set(["w", "criteria", "cost", "weight"], -1),
        "weights.toml",
        "criteria.cost.weight",
    ),
    (
        "string weight",
        _set(["w", "criteria", "cost", "weight"], "half"),
        "weights.toml",
        "criteria.cost.weight",
    ),
    (
        "missing weight",
        _set(["w", "criteria", "speed", "weight"], _DELETE),
        "weights.toml",
        "criteria.speed.weight",
    ),
    (
        "bad better",
        _set(["w", "criteria", "cost", "better"], "smaller"),
        "weights.toml",
        "criteria.cost.better",
    ),
    (
        "missing better",
        _set(["w", "criteria", "cost", "better"], _DELETE),
        "weights.toml",
        "criteria.cost.better",
    ),
    ("flat scale", _set(["w", "criteria", "cost", "scale"], [5, 5]), "weights.toml", "criteria.cost.scale"),
    (
        "criterion key typo",
        _set(["w", "criteria", "cost", "wieght"], 1),
        "weights.toml",
        "criteria.cost.wieght",
    ),
    (
        "weight range outside [0,1]",
        _set(["w", "criteria", "cost", "weight_range"], [0.3, 1.5]),
        "weights.toml",
        "criteria.cost.weight_range",
    ),
    (
        "weight outside its range",
        _set(["w", "criteria", "cost", "weight_range"], [0.6, 0.7]),
        "weights.toml",
        "criteria.cost.weight_range",
    ),
    (
        "unknown weight model",
        _set(["w", "weight_uncertainty", "model"], "gaussian"),
        "weights.toml",
        "weight_uncertainty.model",
    ),
    (
        "non-positive concentration",
        _set(["w", "weight_uncertainty", "concentration"], 0),
        "weights.toml",
        "weight_uncertainty.concentration",
    ),
    ("unknown method", _set(["w", "defaults", "method"], "topsis9"), "weights.toml", "defaults.method"),
    ("zero samples", _set(["w", "defaults", "samples"], 0), "weights.toml", "defaults.samples"),
    ("fractional seed", _set(["w", "defaults", "seed"], 1.5), "weights.toml", "defaults.seed"),
    (
        "profile missing a criterion",
        _set(["w", "profiles", "safety_first", "weights", "speed"], _DELETE),
        "weights.toml",
        "profiles.safety_first.weights.speed",
    ),
    (
        "profile unknown criterion",
        _set(["w", "profiles", "safety_first", "weights", "comfort"], 1),
        "weights.toml",
        "profiles.safety_first.weights.comfort",
    ),
    (
        "profile negative weight",
        _set(["w", "profiles", "safety_first", "weights", "cost"], -2),
        "weights.toml",
        "profiles.safety_first.weights.cost",
    ),
    (
        "value function not monotone",
        _set(["w", "criteria", "safety", "value_function"], [[0, 0], [5, 0.8], [10, 0.6]]),
        "weights.toml",
        "criteria.safety.value_function",
    ),
    (
        "value function off the scale",
        _set(["w", "criteria", "safety", "value_function"], [[0, 0], [8, 1]]),
        "weights.toml",
        "criteria.safety.value_function",
    ),
    (
        "value function values above 1",
        _set(["w", "criteria", "safety", "value_function"], [[0, 0], [10, 2]]),
        "weights.toml",
        "criteria.safety.value_function",
    ),
    ("unknown top-level key", _set(["w", "critera"], {}), "weights.toml", "critera"),
    (
        "red line not a number",
        _set(["w", "criteria", "cost", "red_line"], "7"),
        "weights.toml",
        "criteria.cost.red_line",
    ),
    (
        "red line off the scale",
        _set(["w", "criteria", "cost", "red_line"], 11),
        "weights.toml",
        "criteria.cost.red_line",
    ),
    (
        "red line NaN",
        _set(["w", "criteria", "cost", "red_line"], math.nan),
        "weights.toml",
        "criteria.cost.red_line",
    ),
    (
        "unknown basis",
        _set(["alpha", "scores", "cost", "basis"], "rumour"),
        "alpha.toml",
        "scores.cost.basis",
    ),
    ("basis not a string", _set(["alpha", "scores", "cost", "basis"], 3), "alpha.toml", "scores.cost.basis"),
    (
        "elicitation record not a table",
        _set(["w", "profiles", "safety_first", "elicitation"], "roc"),
        "weights.toml",
        "profiles.safety_first.elicitation",
    ),
    (
        "criterion ids differing only by case",
        lambda w, o: w["criteria"].__setitem__("Cost", dict(w["criteria"]["cost"])),
        "weights.toml",
        "criteria.Cost",
    ),
]


@pytest.mark.parametrize("case, mutate, file, key", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_model_exits_2_with_one_line_naming_file_and_key(
    tmp_path, small_docs, capsys, case, mutate, file, key
):
    w, o = small_docs
    mutate(w, o)
    root = write_model(tmp_path / "m", w, o)
    assert main(["rank", "--model", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert file in err and f"{key}:" in err, err
    # validate lists the same problem and also exits 2
    assert main(["validate", "--model", str(root)]) == 2
    assert key in capsys.readouterr().err


def test_all_zero_weights_is_an_error(tmp_path, small_docs):
    w, o = small_docs
    for c in w["criteria"].values():
        c["weight"] = 0
        c.pop("weight_range", None)
    with pytest.raises(ModelError, match=r"weights\.toml: criteria: weights are all zero"):
        load_model(write_model(tmp_path, w, o))


def test_infeasible_weight_ranges_name_the_conflict(tmp_path, small_docs):
    w, o = small_docs
    w["criteria"]["cost"]["weight_range"] = [0.5, 0.5]
    w["criteria"]["safety"]["weight_range"] = [0.3, 0.3]
    w["criteria"]["speed"]["weight_range"] = [0.2, 0.25]
    load_model(write_model(tmp_path / "ok", w, o))  # touching the simplex is feasible
    w["criteria"]["speed"]["weight"] = 0.3
    w["criteria"]["speed"]["weight_range"] = [0.3, 0.4]
    w["criteria"]["cost"]["weight"] = 0.6
    w["criteria"]["cost"]["weight_range"] = [0.6, 0.7]
    # point weights outside their ranges are reported too; the conflict is named on its own
    problems = check_model(write_model(tmp_path / "bad", w, o))
    assert any(
        p.key == "criteria.*.weight_range" and "lower bounds sum to 1.2" in p.message for p in problems
    )


def test_toml_syntax_error_names_the_line(small_model_dir, capsys):
    (small_model_dir / "scenarios" / "beta.toml").write_text('label = "Beta"\n[scores\ncost = 1\n')
    assert main(["rank", "--model", str(small_model_dir)]) == 2
    err = capsys.readouterr().err
    assert "beta.toml" in err and "TOML syntax error" in err and "line 2" in err


@pytest.mark.parametrize("remove", ["folder", "weights", "scenarios", "options"])
def test_missing_files_and_folders_are_named(small_model_dir, capsys, remove):
    import shutil

    target = {
        "folder": small_model_dir,
        "weights": small_model_dir / "weights.toml",
        "scenarios": small_model_dir / "scenarios",
        "options": None,
    }[remove]
    if remove == "options":
        for f in (small_model_dir / "scenarios").glob("*.toml"):
            f.unlink()
        target = small_model_dir / "scenarios"
    elif target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    assert main(["rank", "--model", str(small_model_dir)]) == 2
    err = capsys.readouterr().err
    assert target.name in err and err.count("\n") == 1


def test_duplicate_option_ids_differing_only_in_case(small_model_dir, capsys):
    src = small_model_dir / "scenarios" / "beta.toml"
    (small_model_dir / "scenarios" / "Beta.toml").write_bytes(src.read_bytes())
    both_kept = len(list((small_model_dir / "scenarios").glob("*.toml"))) == 4
    duplicate = [p for p in check_model(small_model_dir) if "duplicate option id" in p.message]
    # a case-insensitive file system keeps one file, and then there is nothing to report
    assert len(duplicate) == (1 if both_kept else 0)


def test_validate_reports_every_problem_not_only_the_first(tmp_path, small_docs, capsys):
    w, o = small_docs
    w["criteria"]["cost"]["better"] = "less"
    o["alpha"]["scores"]["cost"]["range"] = [7, 5]
    o["gamma"]["scores"]["speed"] = "fast"
    root = write_model(tmp_path, w, o)
    assert main(["validate", "--model", str(root)]) == 2
    err = capsys.readouterr().err
    assert "criteria.cost.better" in err and "alpha.toml" in err and "gamma.toml" in err
    assert len(check_model(root)) == 3


def test_validate_clean_model_exits_0(small_model_dir, capsys):
    assert main(["validate", "--model", str(small_model_dir)]) == 0
    assert "ok" in capsys.readouterr().out


def test_loading_never_modifies_model_files(small_model_dir):
    before = {p: p.read_bytes() for p in small_model_dir.rglob("*.toml")}
    load_model(small_model_dir).with_weights({"cost": 1}).with_score("alpha", "cost", 5)
    assert {p: p.read_bytes() for p in small_model_dir.rglob("*.toml")} == before


def test_red_line_basis_and_elicitation_load_and_save_back(tmp_path, small_docs):
    from scenarios import save_model

    w, o = small_docs
    w["criteria"]["cost"]["red_line"] = 8
    o["alpha"]["scores"]["cost"]["basis"] = "implied"
    w["profiles"]["safety_first"]["elicitation"] = {"method": "rank-order", "order": ["safety", "cost"]}
    m = load_model(write_model(tmp_path / "m", w, o))
    assert m.criterion("cost").red_line == 8 and m.criterion("safety").red_line is None
    np.testing.assert_array_equal(m.red_lines, [8, np.nan, np.nan])
    assert m.options[0].scores["cost"].basis == "implied"
    assert m.profiles["safety_first"].elicitation["order"] == ["safety", "cost"]
    again = load_model(save_model(m, tmp_path / "saved"))
    assert again.criteria == m.criteria and again.options[0].scores == m.options[0].scores
    assert again.profiles["safety_first"].elicitation == m.profiles["safety_first"].elicitation


def test_with_red_lines_sets_clears_and_refuses_off_scale(small_model_dir):
    m = load_model(small_model_dir).with_red_lines({"cost": 7.5})
    assert m.criterion("cost").red_line == 7.5
    assert m.with_red_lines({"cost": None}).criterion("cost").red_line is None
    for bad in (11, math.nan, "x"):
        with pytest.raises(ModelError, match="--red-line: cost"):
            m.with_red_lines({"cost": bad})
