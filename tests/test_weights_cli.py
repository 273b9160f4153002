"""`scenarios weights rank-order | swing | ahp`: printed weights, profiles written into a model
with its comments kept, and every bad judgment refused with exit 2 and one line."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from scenarios import load_model, rank
from scenarios.cli import main

SNAPSHOT_MODEL = Path(__file__).parent / "snapshots" / "model"


@pytest.fixture
def model_dir(tmp_path):
    return Path(shutil.copytree(SNAPSHOT_MODEL, tmp_path / "m"))


def run_json(args, capsys):
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_roc_of_three_criteria_is_11_5_2_over_18(capsys):
    out = run_json(["weights", "rank-order", "a", "b", "c"], capsys)
    assert out["method"] == "roc" and out["inputs"] == {"order": ["a", "b", "c"]}
    assert [out["weights"][k] for k in "abc"] == [11 / 18, 5 / 18, 2 / 18]


def test_swing_normalizes_points_and_reports_interval_bounds(capsys):
    out = run_json(["weights", "swing", "a=100", "b=40:60", "c=50"], capsys)
    assert out["weights"] == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.25})
    # b's weight ranges over 40/(40+100+50) … 60/(60+100+50)
    assert out["weight_ranges"]["b"] == pytest.approx([40 / 190, 60 / 210])


def test_ahp_gives_the_eigenvector_and_consistency_ratio(tmp_path, capsys):
    # The 3×3 matrix [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]: λ_max = 3.0385, CI = 0.0193,
    # RI(3) = 0.58, CR = 0.033 (Saaty 1980's consistency test; weights 0.637, 0.258, 0.105).
    f = tmp_path / "ahp.toml"
    f.write_text('criteria = ["a", "b", "c"]\nmatrix = [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]\n')
    out = run_json(["weights", "ahp", str(f)], capsys)
    assert [round(out["weights"][k], 3) for k in "abc"] == [0.637, 0.258, 0.105]
    assert out["consistency_ratio"] == pytest.approx(0.033, abs=5e-4)


def test_inconsistent_ahp_is_refused_naming_the_worst_judgment_unless_forced(tmp_path, capsys):
    f = tmp_path / "ahp.toml"
    f.write_text('criteria = ["a", "b", "c"]\nmatrix = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]\n')
    assert main(["weights", "ahp", str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "consistency ratio" in err and "matrix[" in err and str(f) in err
    assert main(["weights", "ahp", str(f), "--force"]) == 0


def test_rank_order_written_as_a_profile_keeps_comments_and_ranks_the_same(model_dir, capsys):
    weights = model_dir / "weights.toml"
    before = weights.read_text(encoding="utf-8")
    ids = list(load_model(model_dir).criterion_ids)
    args = ["weights", "rank-order", *ids, "--write-profile", "workshop", "--model", str(model_dir)]
    assert main([*args, "--label", "Workshop order", "--write-uncertainty"]) == 0
    after = weights.read_text(encoding="utf-8")
    comments = [ln for ln in before.splitlines() if ln.lstrip().startswith("#")]
    assert all(c in after for c in comments)
    doc = tomllib.loads(after)
    record = doc["profiles"]["workshop"]["elicitation"]
    assert record["method"] == "roc" and record["inputs"]["order"] == ids
    assert doc["weight_uncertainty"]["model"] == "ordinal"
    m = load_model(model_dir)
    expected = np.array([(1 / len(ids)) * sum(1 / i for i in range(k, len(ids) + 1)) for k in range(1, 9)])
    np.testing.assert_allclose(m.with_profile("workshop").weights, expected, rtol=1e-5)
    assert (
        rank(m, profile="workshop").order() == rank(m, weights=dict(zip(ids, expected, strict=True))).order()
    )


@pytest.mark.parametrize(
    "args, where",
    [
        (["weights", "rank-order", "a", "b", "--method", "borda"], "method"),
        (["weights", "rank-order", "a", "a"], "rank-order"),
        (["weights", "swing", "a=x"], "swing"),
        (["weights", "swing", "a=-5", "b=10"], "swing"),
        (["weights", "swing", "a"], "swing"),
        (["weights", "ahp", "/nonexistent/ahp.toml"], "ahp.toml"),
    ],
)
def test_bad_judgments_exit_2_with_one_line(args, where, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err and where in err, err


@pytest.mark.parametrize(
    "body, key",
    [
        ('criteria = ["a", "b"]\nmatrix = [[1, 2], [2, 1]]\n', "matrix"),
        ('criteria = ["a", "b"]\nmatrix = [[1, 0], [0, 1]]\n', "matrix"),
        ('criteria = ["a", "b"]\nmatrix = [[1, 20], ["1/20", 1]]\n', "matrix"),
        ('criteria = ["a", "b"]\nmatrix = [[1, 2, 3]]\n', "matrix"),
        ('criteria = ["a", "b"]\nmatrix = [[1, 2], [0.5, 1]]\nweights = 3\n', "weights"),
        ("criteria = [\n", "TOML syntax error"),
    ],
)
def test_bad_ahp_files_name_the_key(tmp_path, capsys, body, key):
    f = tmp_path / "ahp.toml"
    f.write_text(body)
    assert main(["weights", "ahp", str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(f) in err and key in err, err


def test_writing_a_profile_with_missing_criteria_changes_nothing(model_dir, capsys):
    weights = model_dir / "weights.toml"
    before = weights.read_bytes()
    args = ["weights", "swing", "isis_resurgence=100", "--write-profile", "p", "--model", str(model_dir)]
    assert main(args) == 2
    assert "no weight for" in capsys.readouterr().err
    assert weights.read_bytes() == before
