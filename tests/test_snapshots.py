"""The command line's JSON and the report for a pinned copy of the 2025 default model, compared
with outputs stored before the package was split into layers (issue 10: no behaviour change).

`tests/snapshots/model/` is a frozen copy of that model, so the shipped model can evolve while
these stay put. New keys may be added to the JSON contract (DESIGN.md: "add keys freely, rename
none"), so every stored key must be present with exactly the stored value; nothing else is
compared. The Markdown report is compared line by line except its timestamps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.cli import main

HERE = Path(__file__).parent / "snapshots"
MODEL = str(HERE / "model")
RUNS = {
    "rank.json": ["rank"],
    "rank_profile.json": ["rank", "--profile", "iran_containment"],
    "explain.json": ["explain"],
    "sensitivity.json": ["sensitivity", "--samples", "40000", "--seed", "7", "--workers", "1"],
    "sensitivity_intervals.json": [
        *("sensitivity", "--samples", "40000", "--seed", "7"),
        *("--weight-model", "intervals", "--workers", "1"),
    ],
    "stability.json": ["stability"],
    "tornado.json": ["tornado"],
    "sobol.json": ["sobol", "--samples", "256"],
}


def contains(stored, new, path="") -> list[str]:
    """Where `new` differs from `stored` on the keys `stored` has (exact, floats included)."""
    if isinstance(stored, dict):
        if not isinstance(new, dict):
            return [f"{path}: not an object"]
        out = []
        for k, v in stored.items():
            out += contains(v, new[k], f"{path}.{k}") if k in new else [f"{path}.{k}: missing"]
        return out
    if isinstance(stored, list):
        if not isinstance(new, list) or len(new) != len(stored):
            return [f"{path}: list differs in length"]
        return [
            d
            for i, (a, b) in enumerate(zip(stored, new, strict=True))
            for d in contains(a, b, f"{path}[{i}]")
        ]
    return [] if stored == new and type(stored) is type(new) else [f"{path}: {stored!r} → {new!r}"]


@pytest.mark.parametrize("name", sorted(RUNS))
def test_json_unchanged(name, tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main([*RUNS[name], "--model", MODEL, "--format", "json", "--output", str(out)]) == 0
    stored = json.loads((HERE / name).read_text(encoding="utf-8"))
    assert contains(stored, json.loads(out.read_text(encoding="utf-8"))) == []


def test_contains_sees_a_changed_number_and_a_missing_key():
    assert contains({"a": [1.0, {"b": 2}]}, {"a": [1.0, {"b": 2}], "new": 1}) == []
    assert contains({"a": [1.0]}, {"a": [1.0000001]}) == [".a[0]: 1.0 → 1.0000001"]
    assert contains({"a": 1, "b": 2}, {"a": 1}) == [".b: missing"]


def test_markdown_report_unchanged(tmp_path):
    folder = tmp_path / "report"
    args = ["report", "--model", MODEL, "--samples", "20000", "--seed", "7", "--sobol-samples", "128"]
    assert main([*args, "--workers", "1", "--format", "markdown", "--output", str(folder)]) == 0

    def lines(text: str) -> list[str]:
        skip = ("UTC", "version", "| Command |", "| Model folder |")  # where the checkout lives
        return [ln for ln in text.splitlines() if not any(s in ln for s in skip)]

    stored = lines((HERE / "report.md").read_text(encoding="utf-8"))
    assert lines((folder / "report.md").read_text(encoding="utf-8")) == stored
