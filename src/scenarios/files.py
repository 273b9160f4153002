"""Writing files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then rename."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError.at("--output", str(path), f"folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise UsageError.at("--output", str(path), "is a folder; give a file name")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError.at("--output", str(path), f"cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask
    (mkstemp's private 0600 would make a shared report unreadable to others)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
