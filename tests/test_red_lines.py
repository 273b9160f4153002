"""Exact red-line crossing probabilities against counted Monte Carlo draws (4 SE, fixed seed)."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import load_model
from scenarios.analysis.red_lines import red_line_risk
from scenarios.model.distributions import sample_scores

N = 200_000


@pytest.mark.parametrize("lines", [{"isis_resurgence": 6, "us_cost": 5}, {"investment": 5, "sovereignty": 7}])
def test_crossing_probabilities_match_counted_draws(lines):
    m = load_model().with_red_lines(lines)
    risk = red_line_risk(m)
    raw = sample_scores(
        np.random.default_rng(4),
        N,
        *(m.score_array(a) for a in ("value", "low", "high", "distribution")),
        *m.scale,
    )
    higher = np.array([c.better == "higher" for c in m.criteria])
    line = m.red_lines
    crossed = np.where(np.isnan(line), False, np.where(higher, raw < line, raw > line))
    for (i, o), (j, c) in ((x, y) for x in enumerate(m.option_ids) for y in enumerate(m.criterion_ids)):
        if c in lines:
            p = risk.crossing.at[o, c]
            se = max(np.sqrt(p * (1 - p) / N), 1 / N)
            assert abs(crossed[:, i, j].mean() - p) <= 4 * se, (o, c)
    counted_any = crossed.any(axis=-1).mean(axis=0)
    for i, o in enumerate(m.option_ids):
        p = risk.any[o]
        assert abs(counted_any[i] - p) <= 4 * max(np.sqrt(p * (1 - p) / N), 1 / N)


def test_fixed_scores_cross_or_not_and_a_score_on_the_line_does_not(small_model_dir):
    m = load_model(small_model_dir).with_red_lines({"cost": 4})  # alpha's cost is exactly 4
    risk = red_line_risk(m, fixed_scores=True)
    assert risk.crossing["cost"].to_dict() == {"alpha": 0.0, "beta": 1.0, "gamma": 0.0}
    assert risk.crossing["safety"].isna().all()


def test_no_red_lines_means_no_risk(small_model_dir):
    risk = red_line_risk(load_model(small_model_dir))
    assert (risk.any == 0).all() and risk.to_frame().columns.tolist() == ["any"]


def test_sensitivity_and_explain_report_the_chance_of_crossing(small_model_dir, capsys):
    import json

    from scenarios.cli import main

    args = ["--model", str(small_model_dir), "--red-line", "cost=5", "--format", "json"]
    assert main(["sensitivity", *args, "--samples", "4096", "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    risk = red_line_risk(load_model(small_model_dir).with_red_lines({"cost": 5}))
    assert out["red_lines"]["alpha"]["cost"] == pytest.approx(risk.crossing.at["alpha", "cost"])
    assert 0 < out["red_lines"]["alpha"]["any"] < 1  # alpha's cost ranges over [3, 6]
    assert main(["explain", *args]) == 0
    rows = json.loads(capsys.readouterr().out)["options"]
    cost = {r["option"]: r["p_crosses_red_line"] for r in rows if r["criterion"] == "cost"}
    assert cost == pytest.approx(risk.crossing["cost"].to_dict())
