"""Writing elicited weights into weights.toml (src/scenarios/model/profile_writer.py).

tests/snapshots/model/weights.toml is a frozen copy of an earlier shipped model's weights.toml.
"""

from __future__ import annotations

import datetime
import math
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from scenarios.analysis.elicitation import ahp, ordinal_uncertainty, rank_order_weights
from scenarios.errors import UsageError
from scenarios.model.profile_writer import rounded_weights, write_profile

DATA = Path(__file__).parent / "snapshots" / "model" / "weights.toml"
DAY = datetime.date(2025, 6, 1)
ORDER = [
    "isis_resurgence",
    "iran_influence",
    "baghdad_relations",
    "investment",
    "militia_threat=syria_support",
    "us_cost",
    "kurdistan_partnership",
]


@pytest.fixture
def weights_toml(tmp_path: Path) -> Path:
    path = tmp_path / "weights.toml"
    shutil.copyfile(DATA, path)
    return path


def normalized(w: dict[str, float]) -> dict[str, float]:
    total = math.fsum(w.values())
    return {k: v / total for k, v in w.items()}


def profile_block(text: str, name: str) -> tuple[str, str, str]:
    """(before, block, after): the profile's lines from its header up to the next profile's."""
    start = text.index(f"\n[profiles.{name}]\n") + 1
    nxt = text.find("\n[profiles.", start + 1)
    while nxt != -1 and text.startswith(f"\n[profiles.{name}.", nxt):
        nxt = text.find("\n[profiles.", nxt + 1)
    end = len(text) if nxt == -1 else nxt + 1
    return text[:start], text[start:end], text[end:]


def test_new_profile_is_appended_and_every_other_byte_is_kept(weights_toml):
    before = weights_toml.read_bytes()
    weights = rank_order_weights(ORDER, "roc")
    write_profile(weights_toml, "roc_panel", weights, "ROC panel", "roc", {"order": ORDER}, today=DAY)
    after = weights_toml.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :].decode()
    assert added.startswith('\n[profiles.roc_panel]\nlabel = "ROC panel"\nweights = {')
    assert "# " in before.decode() and before.decode().count("#") == after.decode().count("#")


def test_written_weights_read_back_to_the_same_normalized_weights(weights_toml):
    weights = rank_order_weights(ORDER, "rank-reciprocal")
    write_profile(
        weights_toml, "rr", weights, "Rank reciprocal", "rank-reciprocal", {"order": ORDER}, today=DAY
    )
    doc = tomllib.loads(weights_toml.read_text())
    profile = doc["profiles"]["rr"]
    assert set(profile) == {"label", "weights", "elicitation"}
    assert set(profile["weights"]) == set(doc["criteria"])
    back = normalized(profile["weights"])
    for cid, w in weights.items():
        assert back[cid] == pytest.approx(w, abs=1e-6)
    assert profile["elicitation"] == {"method": "rank-reciprocal", "date": DAY, "inputs": {"order": ORDER}}


def test_existing_profile_is_replaced_in_place(weights_toml):
    before = weights_toml.read_text()
    head, old, tail = profile_block(before, "iran_containment")
    assert "re-entrench" in old
    write_profile(
        weights_toml,
        "iran_containment",
        rank_order_weights(ORDER),
        "Iran containment (ROC)",
        "roc",
        {"order": ORDER},
        today=DAY,
    )
    after = weights_toml.read_text()
    assert after.startswith(head) and after.endswith(tail)
    new = after[len(head) : len(after) - len(tail)]
    assert new.startswith('[profiles.iran_containment]\nlabel = "Iran containment (ROC)"\n')
    assert "re-entrench" not in after
    doc = tomllib.loads(after)
    assert list(doc["profiles"]) == [
        "counter_terrorism_first",
        "iran_containment",
        "iraqi_sovereignty_first",
        "restraint_cost_first",
        "investment_first",
    ]

    # replacing again swaps the whole block, elicitation record included
    write_profile(
        weights_toml,
        "iran_containment",
        rank_order_weights(ORDER, "rank-sum"),
        "RS",
        "rank-sum",
        {"order": ORDER},
        today=DAY,
    )
    again = weights_toml.read_text()
    assert again.startswith(head) and again.endswith(tail)
    assert again.count("[profiles.iran_containment.elicitation]") == 1
    assert tomllib.loads(again)["profiles"]["iran_containment"]["elicitation"]["method"] == "rank-sum"


def test_ahp_profile_records_criteria_matrix_and_consistency_ratio(weights_toml):
    criteria = list(tomllib.loads(weights_toml.read_text())["criteria"])
    raw = [9, 6, 5, 4, 3, 3, 2, 2]
    matrix = [[f"{a}/{b}" for b in raw] for a in raw]
    result = ahp(criteria, matrix)
    write_profile(
        weights_toml,
        "ahp_panel",
        result.weights,
        "AHP panel",
        "ahp",
        {"criteria": criteria, "matrix": matrix},
        consistency_ratio=result.consistency_ratio,
        today=DAY,
    )
    text = weights_toml.read_text()
    assert "matrix = [\n" in text  # one row a line
    record = tomllib.loads(text)["profiles"]["ahp_panel"]["elicitation"]
    assert record["method"] == "ahp"
    assert record["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    assert record["inputs"] == {"criteria": criteria, "matrix": matrix}
    back = normalized(tomllib.loads(text)["profiles"]["ahp_panel"]["weights"])
    assert back == pytest.approx({c: r / sum(raw) for c, r in zip(criteria, raw, strict=True)}, abs=1e-6)


def test_weight_uncertainty_table_is_replaced_and_nothing_else_moves(weights_toml):
    before = weights_toml.read_text()
    table = ordinal_uncertainty(ORDER)
    write_profile(
        weights_toml,
        "roc_panel",
        rank_order_weights(ORDER),
        "ROC",
        "roc",
        {"order": ORDER},
        weight_uncertainty=table,
        today=DAY,
    )
    after = weights_toml.read_text()
    old = '[weight_uncertainty]\nmodel = "dirichlet"\nconcentration = 40\n'
    assert old in before
    expected_head = before.replace(old, '[weight_uncertainty]\nmodel = "ordinal"\n')
    assert after.startswith(expected_head)
    assert tomllib.loads(after)["weight_uncertainty"] == {"model": "ordinal"}


def test_weight_ranges_replace_only_the_weight_range_lines(weights_toml):
    before = weights_toml.read_text()
    ranges = {"isis_resurgence": (0.1234564, 0.3000001), "us_cost": (0.05, 0.2)}
    write_profile(
        weights_toml,
        "swing_panel",
        {c: 1 for c in tomllib.loads(before)["criteria"]},
        "Swing",
        "swing",
        {"points": {"isis_resurgence": [80, 100]}},
        weight_ranges=ranges,
        today=DAY,
    )
    after = weights_toml.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert changed == [
        ("weight_range = [0.10, 0.32]", "weight_range = [0.123456, 0.300001]"),
        ("weight_range = [0.05, 0.18]", "weight_range = [0.05, 0.2]"),
    ]
    doc = tomllib.loads(after)
    assert doc["criteria"]["isis_resurgence"]["weight_range"] == [0.123456, 0.300001]  # rounded outward


def test_range_that_excludes_the_models_point_weight_is_refused(weights_toml):
    before = weights_toml.read_bytes()
    with pytest.raises(UsageError) as err:
        write_profile(
            weights_toml,
            "swing_panel",
            {c: 1 for c in tomllib.loads(before.decode())["criteria"]},
            "S",
            "swing",
            {},
            weight_ranges={"isis_resurgence": (0.3, 0.5)},
            today=DAY,
        )
    assert err.value.problems[0].key == "criteria.isis_resurgence.weight_range"
    assert weights_toml.read_bytes() == before


def test_permissions_are_kept_and_no_temporary_file_is_left(weights_toml):
    os.chmod(weights_toml, 0o640)
    write_profile(weights_toml, "p", rank_order_weights(ORDER), "P", "roc", {"order": ORDER}, today=DAY)
    assert stat.S_IMODE(weights_toml.stat().st_mode) == 0o640
    assert sorted(p.name for p in weights_toml.parent.iterdir()) == ["weights.toml"]


@pytest.mark.parametrize(
    ("name", "weights", "key"),
    [
        ("bad name", None, "profiles.bad name"),
        ("", None, "profiles."),
        ("ok", {"nonexistent": 1.0}, "profiles.ok.weights.nonexistent"),
        ("ok", {"isis_resurgence": 1.0}, "profiles.ok.weights.iran_influence"),  # missing criteria
        ("ok", "negative", "profiles.ok.weights.isis_resurgence"),
        ("ok", "zeros", "profiles.ok.weights"),
    ],
)
def test_bad_name_or_criteria_raise_usage_error_and_leave_the_file(weights_toml, name, weights, key):
    before = weights_toml.read_bytes()
    ids = list(tomllib.loads(before.decode())["criteria"])
    if weights is None:
        weights = dict.fromkeys(ids, 1.0)
    elif weights == "negative":
        weights = {**dict.fromkeys(ids, 1.0), "isis_resurgence": -1.0}
    elif weights == "zeros":
        weights = dict.fromkeys(ids, 0.0)
    with pytest.raises(UsageError) as err:
        write_profile(weights_toml, name, weights, "L", "roc", {}, today=DAY)
    assert err.value.problems[0].key == key
    assert err.value.problems[0].where == str(weights_toml)
    assert weights_toml.read_bytes() == before


def test_unknown_method_and_bad_uncertainty_are_refused(weights_toml):
    ids = list(tomllib.loads(weights_toml.read_text())["criteria"])
    w = dict.fromkeys(ids, 1.0)
    with pytest.raises(UsageError):
        write_profile(weights_toml, "p", w, "P", "delphi", {}, today=DAY)
    with pytest.raises(UsageError) as err:
        write_profile(weights_toml, "p", w, "P", "roc", {}, weight_uncertainty={"model": "beta"}, today=DAY)
    assert err.value.problems[0].key == "weight_uncertainty.model"


def test_dotted_profile_name_is_quoted(weights_toml):
    ids = list(tomllib.loads(weights_toml.read_text())["criteria"])
    write_profile(weights_toml, "team.a", dict.fromkeys(ids, 1.0), "Team A", "swing", {}, today=DAY)
    assert "team.a" in tomllib.loads(weights_toml.read_text())["profiles"]


def test_rounding_keeps_a_strict_order_that_six_digits_would_merge():
    w = rounded_weights({"a": 1.0, "b": 1.0 + 1e-9, "c": 1.0})
    assert w["b"] > w["a"] == w["c"]
    assert rounded_weights({"a": 1, "b": 2}) == {"a": 0.333333, "b": 0.666667}
