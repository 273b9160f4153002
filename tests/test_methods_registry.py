"""The METHODS registry and check_params, which turns bad `[method_params.*]` into UsageError."""

import inspect

import numpy as np
import pytest

from scenarios.errors import UsageError
from scenarios.methods import METHODS, check_params


def test_registry_lists_the_five_methods_with_their_directions():
    assert list(METHODS) == ["additive", "weighted_product", "topsis", "vikor", "promethee_ii"]
    assert {name for name, m in METHODS.items() if not m.higher_is_better} == {"vikor"}
    assert {name for name, m in METHODS.items() if m.uses_values} == {"additive"}
    assert {name for name, m in METHODS.items() if m.nonnegative_scores} == {"weighted_product"}


@pytest.mark.parametrize("name", list(METHODS))
def test_params_are_the_functions_keyword_parameters_with_defaults(name):
    method = METHODS[name]
    signature = inspect.signature(method.function).parameters
    keywords = tuple(list(signature)[3:])
    assert method.params == keywords
    assert all(signature[p].default is not inspect.Parameter.empty for p in method.params)
    assert method.name == name and "\n" not in method.summary and len(method.summary) <= 110


@pytest.mark.parametrize("name", list(METHODS))
def test_defaults_from_check_params_run(name):
    params = check_params(name, {})
    result = METHODS[name].function(
        np.array([[1.0, 2.0], [3.0, 1.0]]), [0.5, 0.5], ["higher", "lower"], **params
    )
    assert np.isfinite(result.scores).all()


def problem(excinfo):
    return excinfo.value.problems[0]


def test_unknown_method():
    with pytest.raises(UsageError) as excinfo:
        check_params("electre", {})
    assert (problem(excinfo).where, problem(excinfo).key) == ("method", "electre")


def test_unknown_parameter_names_the_method_section():
    with pytest.raises(UsageError) as excinfo:
        check_params("topsis", {"distance": "manhattan"})
    assert (problem(excinfo).where, problem(excinfo).key) == ("method_params.topsis", "distance")
    assert "no parameters" in problem(excinfo).message


@pytest.mark.parametrize("v", [1.5, -0.1, True, "half", float("nan")])
def test_vikor_v_must_be_a_number_in_the_unit_interval(v):
    with pytest.raises(UsageError) as excinfo:
        check_params("vikor", {"v": v})
    assert (problem(excinfo).where, problem(excinfo).key) == ("method_params.vikor", "v")


def test_vikor_defaults_and_normalizes():
    assert check_params("vikor", {}) == {"v": 0.5}
    assert check_params("vikor", {"v": 1}) == {"v": 1.0}


@pytest.mark.parametrize(
    ("params", "key", "fragment"),
    [
        ({"preference": "cubic"}, "preference", "unknown 'cubic'"),
        ({"preference": 3}, "preference", "a name or a list"),
        ({"preference": "v-shape"}, "p", "needs a finite p"),
        ({"preference": "v-shape", "p": 0}, "p", "> 0"),
        ({"preference": "linear", "q": 2, "p": 2}, "p", "exceed q"),
        ({"preference": "level", "q": -1, "p": 2}, "q", "≥ 0"),
        ({"preference": "gaussian", "s": -1}, "s", "> 0"),
        ({"preference": "usual", "p": 2}, "p", "no effect"),
        ({"preference": "linear", "q": [0, 1], "p": [1, 2, 3]}, "p", "one value per criterion"),
        ({"preference": "u-shape", "q": "1"}, "q", "finite number"),
    ],
)
def test_promethee_bad_values_name_the_key(params, key, fragment):
    with pytest.raises(UsageError) as excinfo:
        check_params("promethee_ii", params)
    assert (problem(excinfo).where, problem(excinfo).key) == ("method_params.promethee_ii", key)
    assert fragment in problem(excinfo).message


def test_promethee_lists_are_checked_against_the_criteria_count():
    with pytest.raises(UsageError) as excinfo:
        check_params("promethee_ii", {"preference": ["usual", "linear"], "q": 0, "p": 1}, n=3)
    assert problem(excinfo).key == "preference"


def test_promethee_per_criterion_params_are_normalized():
    params = check_params(
        "promethee_ii", {"preference": ["usual", "linear", "gaussian"], "p": [1, 2, 3], "s": 2}
    )
    assert params == {"preference": ("usual", "linear", "gaussian"), "q": 0.0, "p": (1.0, 2.0, 3.0), "s": 2.0}
    matrix = np.array([[1.0, 2.0, 3.0], [2.0, 0.0, 1.0]])
    result = METHODS["promethee_ii"].function(matrix, [0.2, 0.3, 0.5], ["higher"] * 3, **params)
    np.testing.assert_allclose(result.scores, -result.scores[::-1])
