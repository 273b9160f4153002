"""The embedded Iraq model says what the brief says and no more (Jeffrey, Washington Institute,
September 2025; issue 17): an edit that contradicts the source, or builds in a verdict the
brief does not give, fails here.

What the brief argues: full withdrawal is the weakest course (its stated costs: ISIS may return,
Iran re-entrenches, militias press on what is left of the relationship); the other two depend
on conditions. The brief calls the Kurdistan-focused presence the most *likely* outcome — a
forecast, not a recommendation — so no test asserts which of the other two ranks first.
"""

from __future__ import annotations

import pytest

from scenarios import load_model, rank
from scenarios.model.load import default_model_path

OPTIONS = ("full_withdrawal", "kurdistan_presence", "economic_pivot")
CRITERIA = {
    "isis_resurgence",
    "iran_influence",
    "sovereignty",
    "bilateral_relationship",
    "investment",
    "militia_threat",
    "us_cost",
    "security_cooperation",
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
    assert set(model.criterion_ids) == CRITERIA


def test_every_score_has_a_range_a_rationale_and_says_whether_the_brief_states_it(model):
    for o in model.options:
        for cid, s in o.scores.items():
            assert s.high > s.low, (o.id, cid)
            assert len(s.rationale) > 30 and "Jeffrey 2025" in s.rationale, (o.id, cid)
            assert s.basis in ("stated", "implied", "judgment"), (o.id, cid)
            if s.basis == "judgment":
                assert s.rationale.startswith("Not in the brief:"), (o.id, cid)
    assert all(c.weight_range for c in model.criteria)


def test_later_developments_are_dated_and_never_attributed_to_the_brief(model):
    for o in model.options:
        for s in o.scores.values():
            if "Later development" in s.rationale:
                assert "(NOTES," in s.rationale


def test_withdrawal_meets_sovereignty_demands_but_costs_the_relationship(model):
    # option 1: it may satisfy sovereignty demands, while militias press harder on what remains
    assert best(model, "sovereignty") == "full_withdrawal"
    assert worst(model, "bilateral_relationship") == "full_withdrawal"


def test_withdrawal_raises_isis_risk_and_leaves_most_room_for_iran(model):
    assert worst(model, "isis_resurgence") == "full_withdrawal"
    assert worst(model, "iran_influence") == "full_withdrawal"
    assert best(model, "us_cost") == "full_withdrawal"


def test_kurdistan_presence_strains_baghdad_more_than_the_pivot(model):
    # option 2: a shift north may strain relations if Baghdad sees its authority bypassed
    assert score(model, "kurdistan_presence", "bilateral_relationship") < score(
        model, "economic_pivot", "bilateral_relationship"
    )
    assert worst(model, "sovereignty") == "kurdistan_presence"


def test_pivot_leads_on_investment_and_is_the_most_uncertain(model):
    assert best(model, "investment") == "economic_pivot"
    width = {o.id: sum(s.high - s.low for s in o.scores.values()) for o in model.options}
    assert max(width, key=width.get) == "economic_pivot"


@pytest.mark.parametrize("profile", [None, "counter_terrorism_first", "iran_containment"])
def test_withdrawal_ranks_last_at_the_point_weights_and_for_security_minded_stakeholders(model, profile):
    assert rank(model, profile=profile).order()[-1] == "full_withdrawal"


def test_the_other_two_are_close_at_the_point_weights(model):
    """The brief leaves the choice between them to conditions, so the model must not settle it."""
    scores = rank(model).scores
    assert abs(scores["kurdistan_presence"] - scores["economic_pivot"]) < 0.02


def test_profiles_cover_the_stakeholder_views(model):
    assert {"counter_terrorism_first", "iran_containment", "iraqi_sovereignty_first"} <= set(model.profiles)
    assert {"restraint_cost_first", "investment_first"} <= set(model.profiles)
