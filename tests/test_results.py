"""Every result class reads the same way: to_frame(), to_dict() (JSON-ready), a readable repr and
an HTML repr for notebooks that needs no optional dependency (pandas' Styler would need jinja2)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import scenarios


@pytest.fixture(scope="module")
def results():
    model = scenarios.load_model()
    return {
        "Ranking": scenarios.rank(model),
        "ProfileComparison": scenarios.compare_profiles(model),
        "SmaaResult": scenarios.sensitivity(model, samples=2000, seed=1, workers=1),
        "StabilityResult": scenarios.stability(model),
        "TornadoResult": scenarios.tornado(model),
        "SobolResult": scenarios.sobol(model, samples=64, seed=1),
    }


NAMES = ["Ranking", "ProfileComparison", "SmaaResult", "StabilityResult", "TornadoResult", "SobolResult"]


@pytest.mark.parametrize("name", NAMES)
def test_result_has_a_frame_a_dict_and_both_reprs(results, name):
    result = results[name]
    assert type(result).__name__ == name
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and not frame.empty
    json.dumps(result.to_dict(), allow_nan=False)  # plain JSON: no NaN, no numpy types
    text = repr(result)
    assert text.startswith(name) and "\n" in text
    assert "<table" in result._repr_html_()
