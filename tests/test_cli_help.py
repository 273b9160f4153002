"""Release polish of the command line: --version, python -m scenarios, completion, readable help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import typer

from scenarios.cli import app, main

SRC = Path(__file__).resolve().parents[1] / "src"
TYPE_NAMES = re.compile(r"<(list\[|bool>|str>|int>|float>|path>)")


def command_paths(command=None, prefix=()):
    command = command or typer.main.get_command(app)
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*prefix, name))


COMMANDS = list(command_paths())


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "scenarios" for p in COMMANDS])
def test_help_shows_no_python_type_names_and_fits_100_columns(path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage: scenarios" in out
    assert not TYPE_NAMES.search(out), TYPE_NAMES.search(out)
    too_wide = [line for line in out.splitlines() if len(line.rstrip()) > 100]
    assert not too_wide, too_wide


def test_every_command_is_covered():
    names = {" ".join(p) for p in COMMANDS}
    assert {"rank", "futures", "validate", "weights ahp", "weights swing", "sobol"} <= names


def test_version_comes_from_the_package_metadata(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.strip()
    try:
        expected = metadata.version("scenarios")
    except metadata.PackageNotFoundError:
        expected = "0+unknown"
    assert out == f"scenarios {expected}"


def test_python_dash_m_scenarios_runs_and_exits_2_on_a_mistake(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    ok = subprocess.run(
        [sys.executable, "-m", "scenarios", "--version"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("scenarios ")
    bad = subprocess.run(
        [sys.executable, "-m", "scenarios", "rank", "--model", str(tmp_path / "missing")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr


def test_shell_completion_completes_command_names():
    env = {**os.environ, "PYTHONPATH": str(SRC), "_SCENARIOS_COMPLETE": "complete_bash"}
    env |= {"COMP_WORDS": "scenarios sen", "COMP_CWORD": "1"}
    out = subprocess.run([sys.executable, "-m", "scenarios"], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["sensitivity"], out
