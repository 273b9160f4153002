"""The embedded Iraq model encodes the brief's stated pros and cons (Jeffrey, Washington
Institute, September 2025): an edit that contradicts the source fails here."""

from __future__ import annotations

import pytest

from scenarios import load_model, rank
from scenarios.model.load import default_model_path

OPTIONS = ("full_withdrawal", "kurdistan_presence", "economic_pivot")
CRITERIA = {
    "isis_resurgence",
    "iran_influence",
    "baghdad_relations",
    "investment",
    "militia_threat",
    "syria_support",
    "us_cost",
    "kurdistan_partnership",
}


@pytest.fixture(scope="module")
def model():
    return load_model(default_model_path())


def score(model, option, criterion):
    return model.options[model.option_ids.index(option)].scores[criterion].value


def best(model, criterion):
    """The option with the best raw score on a criterion (taking `better` into account)."""
    sign = -1 if model.criterion(criterion).better == "lower" else 1
    return max(OPTIONS, key=lambda o: sign * score(model, o, criterion))


def worst(model, criterion):
    sign = -1 if model.criterion(criterion).better == "lower" else 1
    return min(OPTIONS, key=lambda o: sign * score(model, o, criterion))


def test_the_three_options_of_the_brief_and_its_criteria(model):
    assert set(model.option_ids) == set(OPTIONS)
    assert set(model.criterion_ids) >= CRITERIA


def test_every_score_has_a_range_and_a_rationale_citing_the_brief(model):
    for o in model.options:
        for cid, s in o.scores.items():
            assert s.high > s.low, (o.id, cid)
            assert len(s.rationale) > 30 and "Jeffrey" in s.rationale, (o.id, cid)
    assert all(c.weight_range for c in model.criteria)


def test_withdrawal_raises_isis_risk_and_cuts_syria_support_most(model):
    # option 1: an ISIS return could force U.S. forces back; Syria operations lean on Iraq
    assert worst(model, "isis_resurgence") == "full_withdrawal"
    assert worst(model, "syria_support") == "full_withdrawal"


def test_withdrawal_best_satisfies_sovereignty_and_costs_least(model):
    assert best(model, "baghdad_relations") == "full_withdrawal"
    assert best(model, "us_cost") == "full_withdrawal"


def test_withdrawal_leaves_most_room_for_iran(model):
    assert worst(model, "iran_influence") == "full_withdrawal"


def test_kurdistan_presence_is_the_option_that_strains_baghdad(model):
    assert worst(model, "baghdad_relations") == "kurdistan_presence"
    assert best(model, "kurdistan_partnership") == "kurdistan_presence"
    assert best(model, "syria_support") == "kurdistan_presence"


def test_pivot_leads_on_investment_and_is_the_most_uncertain(model):
    assert best(model, "investment") == "economic_pivot"
    width = {o.id: sum(s.high - s.low for s in o.scores.values()) for o in model.options}
    assert max(width, key=width.get) == "economic_pivot"


def test_the_most_likely_option_ranks_first_at_the_point_weights(model):
    # the brief calls the reduced Kurdistan-focused presence the most likely scenario
    assert rank(model).order()[0] == "kurdistan_presence"


def test_profiles_cover_the_stakeholder_views(model):
    assert {"counter_terrorism_first", "iran_containment", "iraqi_sovereignty_first"} <= set(model.profiles)
    assert {"restraint_cost_first", "investment_first"} <= set(model.profiles)
