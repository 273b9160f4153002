"""`scenarios rank` imports no heavy library (issue 13: it must answer in under 0.3 s, interpreter
start included). pandas alone takes about 0.2 s to import, pydantic (which typer uses to coerce
option values) about 0.07 s; scipy, matplotlib, rich, SALib and openpyxl serve other commands.

Each run is a fresh interpreter that lists the heavy modules it imported. No test here measures
time: benchmarks/bench_engine.py measures the command's latency.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from scenarios.cli import _coerce_without_pydantic, _Coercion, app

SRC = Path(__file__).resolve().parents[1] / "src"
SNAPSHOT_MODEL = str(Path(__file__).parent / "snapshots" / "model")
HEAVY = ("pandas", "scipy", "matplotlib", "rich", "pydantic", "SALib", "openpyxl")
PROBE = f"""
import contextlib, io, json, sys
from scenarios.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
loaded = sorted({{name.partition(".")[0] for name in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"code": code, "heavy": loaded}}))
"""


def heavy_modules(args: list[str], cwd: Path) -> list[str]:
    """The heavy modules loaded by `scenarios ARGS` run in a new interpreter in `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, cwd=cwd, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["code"] == 0, run.stderr
    return list(result["heavy"])


RANK_RUNS = {
    "default": ["rank"],
    "json": ["rank", "--format", "json"],
    "csv": ["rank", "--format", "csv"],
    "markdown": ["rank", "--format", "markdown"],
    "profiles": ["rank", "--profiles"],
    "profile and method": ["rank", "--profile", "iran_containment", "--method", "topsis"],
    "flags": [
        *("rank", "--weight", "us_cost=0.5", "--red-line", "isis_resurgence=5"),
        *("--future", "government=tehran_leaning", "--method", "promethee_ii"),
    ],
    "model and output": ["rank", "--model", SNAPSHOT_MODEL, "--format", "csv", "--output", "out.csv"],
}


@pytest.mark.parametrize("name", list(RANK_RUNS))
def test_rank_imports_no_heavy_library(name, tmp_path):
    # run in an empty folder: the default model is the packaged one, not a ./models found there
    assert heavy_modules(RANK_RUNS[name], tmp_path) == []


def test_the_probe_sees_a_heavy_import(tmp_path):
    """`explain` builds pandas frames: the probe above can fail."""
    assert "pandas" in heavy_modules(["explain"], tmp_path)


# ---- typer's value coercion, without pydantic --------------------------------------------------


def parameters(command):
    """(command, parameter) for every parameter of every command, help options included."""
    ctx = typer._click.Context(command)
    for param in [*command.params, command.get_help_option(ctx)]:
        if param is not None:
            yield command, param
    for sub in getattr(command, "commands", {}).values():
        yield from parameters(sub)


def outcome(coercion, value, param, command):
    try:
        return "value", coercion.coerce(value, param=param, ctx=typer._click.Context(command))
    except Exception as e:  # the same error, with the same message, or the test fails
        return type(e).__name__, str(e)


def test_coercion_returns_what_typer_returns(tmp_path):
    """`_Coercion` answers as typer's own coercion for every parameter of every command, for
    absent values, text, lists of text, paths that exist or not, and values it hands to typer."""
    build = pytest.importorskip("typer._coercion").build_runtime_param
    (tmp_path / "file.toml").write_text("")
    values = [None, "", "x", "3", "0.5", "-", str(tmp_path), str(tmp_path / "file.toml")]
    values += [str(tmp_path / "missing"), (), ("a",), ["a", "b"], ("a", 1), 3, True]
    command = typer.main.get_command(app)
    checked = 0
    for cmd, param in parameters(command):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None:
            continue
        for value in values:
            ours = outcome(_Coercion(descriptor), value, param, cmd)
            assert ours == outcome(build(descriptor), value, param, cmd), (cmd.name, param.name, value)
            checked += 1
    assert checked > 500


def test_every_parameter_gets_the_coercion():
    pytest.importorskip("typer._coercion")
    command = typer.main.get_command(app)
    _coerce_without_pydantic(command)
    for cmd, param in parameters(command):
        if hasattr(param, "type_descriptor"):
            assert isinstance(param._runtime_param, _Coercion), (cmd.name, param.name)
