"""Every input the loader fuzzer (fuzz/) once crashed on now gives exit 0, or exit 2 and one line.

Each file in tests/fuzz_corpus/ is a saved fuzz input, named after the crash it caused
(`overflowerror_load-…`: an OverflowError raised in model/load.py); fuzz/inputs.py turns it
back into a model folder and a command, exactly as the fuzzer did.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scenarios.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fuzz"))
from inputs import apply  # noqa: E402

CORPUS = sorted((ROOT / "tests" / "fuzz_corpus").glob("*.bin"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_saved_fuzz_input_exits_cleanly_with_one_line(path, tmp_path, capsys):
    argv = apply(tmp_path / "model", path.read_bytes())
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc in (0, 2)
    if rc == 2 and argv[0] != "validate":
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err


def test_the_corpus_is_not_empty():
    assert CORPUS
