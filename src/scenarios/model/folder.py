"""Writing a whole model folder at once: the files of a model as text, checked by the loader
before anything touches the target, then written whole or not at all.

A new or empty target is filled through a scratch folder beside it that is renamed into
place, so an interrupted write leaves no half model. Replacing a non-empty folder needs
`force`; then each model file is replaced atomically (temporary file, rename), option files
the new model lacks are removed, and files that are not model files are left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import Problem, UsageError
from ..files import write_atomic
from .load import check_model

MODEL_FILES = ("weights.toml", "futures.toml")


def model_files(root: Path) -> dict[str, str]:
    """The text of a model folder's files by relative path (weights.toml, futures.toml when
    present, scenarios/*.toml), comments and layout untouched."""
    files = {
        name: (root / name).read_text(encoding="utf-8") for name in MODEL_FILES if (root / name).is_file()
    }
    for f in sorted((root / "scenarios").glob("*.toml")):
        files[f"scenarios/{f.name}"] = f.read_text(encoding="utf-8")
    return files


def starter_folder() -> Path:
    """The commented example model `scenarios init` writes (package data)."""
    return Path(__file__).parent / "starter"


def check_files(files: Mapping[str, str], locate: Callable[[str, Problem], Problem] | None = None) -> None:
    """Raise ModelError-kind UsageError with the loader's problems if `files` would not load.

    `locate(relative_path, problem)` may rewrite each problem to point at the user's own
    input (a spreadsheet cell); by default problems name the relative file path.
    """
    with tempfile.TemporaryDirectory(prefix="scenarios-check-") as scratch:
        _write_tree(Path(scratch), files)
        problems = check_model(scratch)
        if problems:
            base = Path(scratch).resolve()
            out = []
            for p in problems:
                rel = _relative(p.where, base)
                moved = Problem(rel, p.key, p.message) if rel is not None else p
                out.append(locate(rel or "", moved) if locate else moved)
            raise UsageError(out)


def write_folder(
    files: Mapping[str, str], target: Path, force: bool = False, where: str = "--output"
) -> Path:
    """Write `files` (relative path → text) as the model folder `target`; see the module doc."""
    if target.exists() and not target.is_dir():
        raise UsageError.at(where, str(target), "exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise UsageError.at(
                where, str(target), "folder is not empty; pass --force to replace the model files in it"
            )
        _replace_in(target, files)
        return target
    parent = target.parent
    if not parent.is_dir():
        raise UsageError.at(where, str(target), f"folder {str(parent)!r} does not exist")
    try:
        scratch = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as e:
        raise UsageError.at(where, str(target), f"cannot write there ({e.strerror})") from None
    try:
        _write_tree(scratch, files)
        os.chmod(scratch, 0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty: checked above
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def _replace_in(target: Path, files: Mapping[str, str]) -> None:
    (target / "scenarios").mkdir(exist_ok=True)
    for name in MODEL_FILES:
        if name not in files and (target / name).is_file():
            (target / name).unlink()
    for stale in sorted((target / "scenarios").glob("*.toml")):
        if f"scenarios/{stale.name}" not in files:
            stale.unlink()
    for rel, text in files.items():
        write_atomic(target / rel, text)


def _write_tree(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _relative(where: str, base: Path) -> str | None:
    try:
        return Path(where).resolve().relative_to(base).as_posix()
    except (ValueError, OSError):
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
