"""futures.toml: a valid document becomes dataclasses; every mistake is a Problem naming file and key;
futures are listed most probable first; effects stack in file order and are clipped to the scale."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from scenarios.errors import UsageError
from scenarios.model.futures import (
    MAX_FUTURES,
    Effect,
    Futures,
    Outcome,
    Uncertainty,
    apply_effects,
    read_futures,
)

FILE = "models/futures.toml"
OPTIONS = ("withdraw", "stay", "kurdistan")
CRITERIA = {"isis": (0.0, 10.0), "baghdad": (0.0, 10.0), "cost": (0.0, 100.0)}
VALID = {
    "uncertainties": {
        "government": {
            "label": "Government formed after the election",
            "rationale": "brief, p. 3",
            "outcomes": {
                "balancing": {"probability": 0.55, "label": "Balancing coalition"},
                "tehran_aligned": {"probability": 0.45, "label": "Iran-aligned government"},
            },
        },
        "isis": {
            "label": "ISIS capacity",
            "outcomes": {
                "low": {"probability": 0.5},
                "medium": {"probability": 0.3},
                "high": {"probability": 0.2},
            },
        },
    },
    "effects": [
        {
            "when": "government.tehran_aligned",
            "option": "kurdistan",
            "criterion": "baghdad",
            "shift": -2,
            "rationale": "brief, p. 5",
        },
        {"when": ["government.tehran_aligned", "isis.high"], "criterion": "isis", "value": 9},
    ],
}


def read(doc):
    return read_futures(doc, FILE, OPTIONS, CRITERIA)


def test_valid_document_round_trips_into_dataclasses():
    futures, problems = read(copy.deepcopy(VALID))
    assert problems == []
    assert futures == Futures(
        uncertainties=(
            Uncertainty(
                "government",
                "Government formed after the election",
                "brief, p. 3",
                (
                    Outcome("balancing", "Balancing coalition", 0.55),
                    Outcome("tehran_aligned", "Iran-aligned government", 0.45),
                ),
            ),
            Uncertainty(
                "isis",
                "ISIS capacity",
                "",
                (Outcome("low", "low", 0.5), Outcome("medium", "medium", 0.3), Outcome("high", "high", 0.2)),
            ),
        ),
        effects=(
            Effect((("government", "tehran_aligned"),), "kurdistan", "baghdad", -2.0, None, "brief, p. 5"),
            Effect((("government", "tehran_aligned"), ("isis", "high")), None, "isis", None, 9.0, ""),
        ),
    )


def test_empty_document_is_the_single_plain_future():
    futures, problems = read({})
    assert problems == [] and futures == Futures()
    assert futures.all() == [({}, 1.0)]


def test_single_outcome_with_probability_one_is_allowed():
    futures, problems = read({"uncertainties": {"u": {"outcomes": {"only": {"probability": 1}}}}})
    assert problems == [] and futures.all() == [({"u": "only"}, 1.0)]


def test_probabilities_summing_to_one_within_1e_6_are_accepted():
    thirds = {o: {"probability": 0.3333333} for o in ("a", "b", "c")}  # sum 0.9999999, off by 1e-7
    assert read({"uncertainties": {"u": {"outcomes": thirds}}})[1] == []


def test_dotted_ids_resolve_by_the_declared_ids():
    doc = {
        "uncertainties": {"gov.v2": {"outcomes": {"a.1": {"probability": 1}}}},
        "effects": [{"when": "gov.v2.a.1", "criterion": "cost", "shift": 1}],
    }
    futures, problems = read(doc)
    assert problems == [] and futures.effects[0].when == (("gov.v2", "a.1"),)


def _set(path, value):
    """A mutation setting (or, with value DELETE, removing) a nested key of the document."""

    def mutate(doc):
        for k in path[:-1]:
            doc = doc[k]
        if value is DELETE:
            del doc[path[-1]]
        else:
            doc[path[-1]] = value

    return mutate


DELETE = object()
GOV, ISIS = ("uncertainties", "government"), ("uncertainties", "isis")
LOW = (*ISIS, "outcomes", "low")
CASES = [
    # (mutation, key named, fragment of the message)
    (_set(("extra",), 1), "extra", "unknown key"),
    (_set(("uncertainties",), [1]), "uncertainties", "expected a table"),
    (
        _set(("uncertainties", "bad id"), {"outcomes": {"a": {"probability": 1}}}),
        "uncertainties.bad id",
        "id",
    ),
    (_set((*GOV, "weight"), 1), "uncertainties.government.weight", "unknown key"),
    (_set((*GOV, "label"), 3), "uncertainties.government.label", "expected a string"),
    (_set((*ISIS, "outcomes"), DELETE), "uncertainties.isis.outcomes", "missing"),
    (_set((*ISIS, "outcomes"), {}), "uncertainties.isis.outcomes", "expected a table"),
    (_set(LOW, 0.5), "uncertainties.isis.outcomes.low", "expected {"),
    (_set((*LOW, "p"), 1), "uncertainties.isis.outcomes.low.p", "unknown key"),
    (_set((*LOW, "probability"), DELETE), "uncertainties.isis.outcomes.low.probability", "missing"),
    (_set((*LOW, "probability"), "0.5"), "uncertainties.isis.outcomes.low.probability", "expected a number"),
    (_set((*LOW, "probability"), True), "uncertainties.isis.outcomes.low.probability", "expected a number"),
    (_set((*LOW, "probability"), math.nan), "uncertainties.isis.outcomes.low.probability", "finite"),
    (_set((*LOW, "probability"), math.inf), "uncertainties.isis.outcomes.low.probability", "finite"),
    (_set((*LOW, "probability"), -0.1), "uncertainties.isis.outcomes.low.probability", "[0, 1]"),
    (_set((*LOW, "probability"), 1.5), "uncertainties.isis.outcomes.low.probability", "[0, 1]"),
    (_set((*LOW, "probability"), 0.6), "uncertainties.isis.outcomes", "sum to 1.1 "),  # 0.6 + 0.3 + 0.2
    (_set((*LOW, "probability"), 0.49), "uncertainties.isis.outcomes", "sum to 0.99 "),
    (_set(("effects",), {"when": "isis.low"}), "effects", "array of tables"),
    (_set(("effects", 0), "x"), "effects[1]", "expected a table"),
    (_set(("effects", 0, "shfit"), 1), "effects[1].shfit", "unknown key"),
    (_set(("effects", 0, "when"), DELETE), "effects[1].when", "missing"),
    (_set(("effects", 0, "when"), 3), "effects[1].when", "expected"),
    (_set(("effects", 0, "when"), []), "effects[1].when", "non-empty"),
    (_set(("effects", 0, "when"), ["isis.low", 2]), "effects[1].when", "expected"),
    (_set(("effects", 0, "when"), "weather.rain"), "effects[1].when", "unknown uncertainty 'weather'"),
    (_set(("effects", 1, "when"), ["isis.low", "government.chaos"]), "effects[2].when", "unknown outcome"),
    (_set(("effects", 0, "when"), "government"), "effects[1].when", "uncertainty.outcome"),
    (_set(("effects", 1, "when"), ["isis.low", "isis.high"]), "effects[2].when", "never hold"),
    (_set(("effects", 0, "option"), "nobody"), "effects[1].option", "unknown option 'nobody'"),
    (_set(("effects", 0, "option"), 1), "effects[1].option", "expected a string"),
    (_set(("effects", 1, "criterion"), DELETE), "effects[2].criterion", "missing"),
    (_set(("effects", 1, "criterion"), "morale"), "effects[2].criterion", "unknown criterion 'morale'"),
    (_set(("effects", 0, "value"), 3), "effects[1]", "both given"),
    (_set(("effects", 1, "value"), DELETE), "effects[2]", "missing"),
    (_set(("effects", 0, "shift"), math.nan), "effects[1].shift", "finite"),
    (_set(("effects", 0, "shift"), "-2"), "effects[1].shift", "expected a number"),
    (_set(("effects", 1, "value"), 11), "effects[2].value", "outside the criterion's scale [0, 10]"),
    (_set(("effects", 1, "value"), -0.5), "effects[2].value", "outside"),
    (_set(("effects", 1, "value"), False), "effects[2].value", "expected a number"),
    (_set(("effects", 0, "rationale"), ["x"]), "effects[1].rationale", "expected a string"),
]


@pytest.mark.parametrize(("mutate", "key", "fragment"), CASES, ids=[c[1] + ": " + c[2] for c in CASES])
def test_every_mistake_is_a_problem_naming_file_and_key(mutate, key, fragment):
    doc = copy.deepcopy(VALID)
    mutate(doc)
    futures, problems = read(doc)
    assert futures is None
    assert [p for p in problems if p.key == key and fragment in p.message], problems
    assert all(p.where == FILE for p in problems)


def test_all_problems_are_collected_not_just_the_first():
    doc = copy.deepcopy(VALID)
    doc["extra"] = 1
    doc["uncertainties"]["isis"]["outcomes"]["low"]["probability"] = -1
    doc["effects"][0]["option"] = "nobody"
    doc["effects"][1]["criterion"] = "morale"
    keys = {p.key for p in read(doc)[1]}
    assert keys == {
        "extra",
        "uncertainties.isis.outcomes.low.probability",
        "effects[1].option",
        "effects[2].criterion",
    }


def test_an_effect_on_a_mis_specified_outcome_is_not_also_unknown():
    doc = copy.deepcopy(VALID)
    doc["uncertainties"]["isis"]["outcomes"]["high"]["probability"] = "0.2"
    assert {p.key for p in read(doc)[1]} == {"uncertainties.isis.outcomes.high.probability"}


def test_ambiguous_dotted_reference_is_a_problem():
    doc = {
        "uncertainties": {
            "a": {"outcomes": {"b.c": {"probability": 1}}},
            "a.b": {"outcomes": {"c": {"probability": 1}}},
        },
        "effects": [{"when": "a.b.c", "criterion": "cost", "shift": 1}],
    }
    [problem] = read(doc)[1]
    assert problem.key == "effects[1].when" and "ambiguous" in problem.message


def test_too_many_futures_is_a_problem():
    n = math.ceil(math.log2(MAX_FUTURES)) + 1
    coin = {"outcomes": {"heads": {"probability": 0.5}, "tails": {"probability": 0.5}}}
    doc = {"uncertainties": {f"u{k}": coin for k in range(n)}}
    [problem] = read(doc)[1]
    assert problem.key == "uncertainties" and "futures" in problem.message


def test_document_that_is_not_a_table_is_a_problem():
    assert read([1])[1][0].key == ""


# ---- Futures.all, check_outcomes ----------------------------------------------------------------------
def test_futures_are_every_combination_most_probable_first():
    futures, _ = read(copy.deepcopy(VALID))
    listed = futures.all()
    assert [(f["government"], f["isis"]) for f, _ in listed] == [
        ("balancing", "low"),  # 0.55 × 0.5 = 0.275
        ("tehran_aligned", "low"),  # 0.45 × 0.5 = 0.225
        ("balancing", "medium"),  # 0.55 × 0.3 = 0.165
        ("tehran_aligned", "medium"),  # 0.45 × 0.3 = 0.135
        ("balancing", "high"),  # 0.55 × 0.2 = 0.11
        ("tehran_aligned", "high"),  # 0.45 × 0.2 = 0.09
    ]
    np.testing.assert_allclose([p for _, p in listed], [0.275, 0.225, 0.165, 0.135, 0.11, 0.09])


def test_equally_probable_futures_keep_file_order_even_when_rounding_differs():
    def unc(uid, probs):
        return Uncertainty(uid, uid, "", tuple(Outcome(o, o, q) for o, q in probs.items()))

    futures = Futures(
        (
            unc("u1", {"a": 0.3, "b": 0.1, "c": 0.6}),
            unc("u2", {"m": 0.2, "n": 0.8}),
            unc("u3", {"e": 0.1, "f": 0.3, "g": 0.6}),
        )
    )
    listed = [f for f, _ in futures.all()]
    first = listed.index({"u1": "a", "u2": "m", "u3": "e"})  # (0.3 × 0.2) × 0.1 = 0.006 in floats
    second = listed.index({"u1": "b", "u2": "m", "u3": "f"})  # (0.1 × 0.2) × 0.3 = 0.006000000000000001
    assert first < second
    plain = Futures((unc("u", {"a": 0.5, "b": 0.5}), unc("v", {"x": 0.5, "y": 0.5})))
    assert [tuple(f.values()) for f, _ in plain.all()] == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]


def test_codes_match_all():
    futures, _ = read(copy.deepcopy(VALID))
    codes, p = futures.codes()
    ids = [u.outcome_ids for u in futures.uncertainties]
    assert [{"government": ids[0][a], "isis": ids[1][b]} for a, b in codes] == [f for f, _ in futures.all()]
    assert math.isclose(p.sum(), 1.0)


def test_check_outcomes_names_each_unknown_uncertainty_and_outcome():
    futures, _ = read(copy.deepcopy(VALID))
    futures.check_outcomes({"government": "balancing", "isis": "high"})
    with pytest.raises(UsageError) as e:
        futures.check_outcomes({"weather": "rain", "isis": "extreme"})
    [weather, isis] = e.value.problems
    assert (weather.where, weather.key) == ("--future", "weather=rain")
    assert "unknown uncertainty" in weather.message
    assert isis.key == "isis=extreme" and "low, medium, high" in isis.message


# ---- apply_effects -----------------------------------------------------------------------------------
VALUE = np.array([[5.0, 50.0], [8.0, 90.0]])  # options a, b × criteria c1 [0, 10], c2 [0, 100]
LOW = np.array([[4.0, 40.0], [7.0, 80.0]])
HIGH = np.array([[6.0, 60.0], [9.0, 95.0]])
SCALE = (np.array([0.0, 0.0]), np.array([10.0, 100.0]))
UV = (
    Uncertainty("u", "u", "", (Outcome("x", "x", 0.5), Outcome("y", "y", 0.5))),
    Uncertainty("v", "v", "", (Outcome("p", "p", 0.5), Outcome("q", "q", 0.5))),
)


def effect(option, criterion, shift=None, value=None, when=(("u", "x"),)):
    return Effect(tuple(when), option, criterion, shift, value)


def apply(effects, outcomes, value=VALUE, low=LOW, high=HIGH):
    return apply_effects(
        Futures(UV, tuple(effects)), outcomes, ("a", "b"), ("c1", "c2"), value, low, high, *SCALE
    )


def test_effects_stack_in_file_order():
    effects = [effect(None, "c1", shift=2), effect("a", "c1", value=3), effect("a", "c1", shift=1)]
    v, lo, hi = apply(effects, {"u": "x"})
    # a: 5 + 2 = 7, then value 3 (moves the range by 3 − 7 = −4: [4+2−4, 6+2−4] = [2, 4]), then + 1
    assert (v[0, 0], lo[0, 0], hi[0, 0]) == (4, 3, 5)
    # b: 8 + 2 = 10 on [0, 10]; range [9, 11] clipped to [9, 10]
    assert (v[1, 0], lo[1, 0], hi[1, 0]) == (10, 9, 10)
    v, _, _ = apply(list(reversed(effects)), {"u": "x"})
    assert v[0, 0] == 3 + 2  # 5 + 1 = 6, then value 3, then + 2


def test_option_specific_effect_leaves_other_options_alone():
    v, lo, hi = apply([effect("b", "c2", shift=-30)], {"u": "x"})
    assert (v[1, 1], lo[1, 1], hi[1, 1]) == (60, 50, 65)
    np.testing.assert_array_equal(v[0], VALUE[0])
    v, _, _ = apply([effect(None, "c2", shift=-30)], {"u": "x"})
    np.testing.assert_array_equal(v[:, 1], [20, 60])


def test_results_are_clipped_to_the_scale():
    v, lo, hi = apply([effect(None, "c2", shift=-100), effect("b", "c1", shift=5)], {"u": "x"})
    np.testing.assert_array_equal(v[:, 1], [0, 0])
    np.testing.assert_array_equal(hi[:, 1], [0, 0])
    assert (v[1, 0], lo[1, 0], hi[1, 0]) == (10, 10, 10)


def test_shifts_commute_because_clipping_comes_last():
    v, lo, hi = apply([effect("b", "c1", shift=5), effect("b", "c1", shift=-5)], {"u": "x"})
    assert (v[1, 0], lo[1, 0], hi[1, 0]) == (8, 7, 9)


def test_value_replaces_the_score_and_carries_the_range():
    v, lo, hi = apply([effect("a", "c2", value=10)], {"u": "x"})
    assert (v[0, 1], lo[0, 1], hi[0, 1]) == (10, 0, 20)  # offsets −10 / +10 kept; low 0 is on the scale
    v, lo, hi = apply([effect("a", "c2", value=0.3)], {"u": "x"})
    assert v[0, 1] == 0.3  # set exactly, not 50 + (0.3 − 50)


def test_conjunction_holds_only_when_every_condition_does():
    e = [effect("a", "c1", shift=1, when=(("u", "x"), ("v", "q")))]
    assert apply(e, {"u": "x", "v": "q"})[0][0, 0] == 6
    assert apply(e, {"u": "x", "v": "p"})[0][0, 0] == 5
    assert apply(e, {"u": "x"})[0][0, 0] == 5  # v unknown: does not hold


def test_without_effects_scores_come_back_unchanged_in_new_arrays():
    value = VALUE / 3  # not round numbers: the copy must be bit-for-bit
    v, lo, hi = apply([effect("a", "c1", shift=1)], {"u": "y"}, value=value)
    assert v is not value and np.array_equal(v, value)
    assert np.array_equal(lo, LOW) and np.array_equal(hi, HIGH)


def test_inputs_are_not_modified():
    value = VALUE.copy()
    apply([effect(None, "c1", shift=1)], {"u": "x"}, value=value)
    np.testing.assert_array_equal(value, VALUE)


def test_leading_sample_axes_are_supported():
    samples = np.stack([VALUE, VALUE + 1])  # (2, m, n)
    v, _, _ = apply([effect("a", "c1", shift=5)], {"u": "x"}, value=samples, low=samples, high=samples)
    np.testing.assert_array_equal(v[:, 0, 0], [10, 10])  # 5 + 5, 6 + 5 → clipped to 10
    np.testing.assert_array_equal(v[:, 1, 0], [8, 9])
