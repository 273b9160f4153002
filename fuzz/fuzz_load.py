"""Fuzz the model loaders through the CLI: any outcome but exit 0 or exit 2 with one line is a crash.

Each input rewrites one file of a small valid model folder (weights.toml, an option file or
futures.toml) and runs `scenarios validate`, `rank` or `futures` on it through `cli.main`. The first
byte picks the file, the command and the mode: raw bytes (libFuzzer's own mutations, seeded with the
valid files), or a structured mutation of the valid document (a key set to NaN, a 400-digit integer,
a string, a table, …) so the fuzzer also reaches the checks past the TOML parser.

Run `fuzz/run.sh MINUTES`. With atheris installed, libFuzzer drives it (coverage-guided); without, a
seeded random loop does. Crashes do not stop the run: each distinct one (by exception type and the
line that raised) is written to fuzz/crashes/ as the input (.bin) and its traceback (.txt), ready to
copy into tests/fuzz_corpus/.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

try:
    import atheris
except ImportError:  # pragma: no cover - the fallback loop below needs nothing
    atheris = None

import numpy  # noqa: F401,E402  (imported before instrumenting: only scenarios is instrumented)
import pandas  # noqa: F401,E402
import scipy.stats  # noqa: F401,E402
import typer  # noqa: F401,E402

if atheris is not None:
    with atheris.instrument_imports(include=["scenarios"]):
        import scenarios.cli as cli
        import scenarios.model.futures
        import scenarios.model.load  # noqa: F401
else:
    import scenarios.cli as cli

from inputs import apply, seeds  # noqa: E402

CRASHES = HERE / "crashes"


class Target:
    """A model folder reused across inputs; `run(data)` returns a crash description or None."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="scenarios-fuzz-")) / "model"
        self.seen: set[str] = set()
        self.runs = 0

    def run(self, data: bytes) -> str | None:
        self.runs += 1
        shutil.rmtree(self.root, ignore_errors=True)
        argv = apply(self.root, data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = cli.main(argv)
        except Exception as e:
            return self.crash(data, e, "".join(traceback.format_exception(e)))
        lines = err.getvalue().splitlines()
        if rc not in (0, 2):
            return self.crash(data, None, f"exit {rc}\n{err.getvalue()}")
        if rc == 2 and argv[0] != "validate" and len(lines) != 1:
            return self.crash(data, None, f"exit 2 with {len(lines)} lines on stderr\n{err.getvalue()}")
        return None

    def crash(self, data: bytes, e: BaseException | None, text: str) -> str | None:
        if e is not None:
            tb = traceback.extract_tb(e.__traceback__)[-1]
            sig = f"{type(e).__name__}@{Path(tb.filename).name}:{tb.lineno}"
        else:
            sig = text.splitlines()[0]
        if sig in self.seen:
            return None
        self.seen.add(sig)
        CRASHES.mkdir(exist_ok=True)
        stem = hashlib.sha1(data).hexdigest()[:12]
        (CRASHES / f"{stem}.bin").write_bytes(data)
        (CRASHES / f"{stem}.txt").write_text(f"{sig}\n\n{text}", encoding="utf-8")
        print(f"\nCRASH {sig} -> fuzz/crashes/{stem}.bin", file=sys.__stderr__, flush=True)
        return sig


def fallback(seconds: float, seed: int = 0) -> int:
    """Without atheris: mutate the seeds at random (byte flips, splices, structured edits)."""
    rng = random.Random(seed)
    target, pool, end = Target(), seeds(), time.monotonic() + seconds
    while time.monotonic() < end:
        data = bytearray(rng.choice(pool))
        for _ in range(rng.randint(1, 8)):
            op, i = rng.random(), rng.randrange(len(data))
            if op < 0.4:
                data[i] = rng.randrange(256)
            elif op < 0.7:
                other = rng.choice(pool)
                j = rng.randrange(len(other))
                data[i:i] = other[j : j + rng.randint(1, 40)]
            else:
                del data[i : i + rng.randint(1, 20)]
        target.run(bytes(data))
    print(f"{target.runs} runs, {len(target.seen)} distinct crashes", file=sys.__stderr__)
    return 1 if target.seen else 0


def main() -> int:
    if atheris is None or os.environ.get("FUZZ_FALLBACK"):
        seconds = float(os.environ.get("FUZZ_SECONDS", "60"))
        return fallback(seconds)
    corpus = HERE / "corpus"
    corpus.mkdir(exist_ok=True)
    for data in seeds():
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
    target = Target()

    def one(data: bytes) -> None:
        target.run(data)

    atheris.Setup([sys.argv[0], *sys.argv[1:], str(corpus)], one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
