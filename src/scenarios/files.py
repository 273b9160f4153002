"""Writing files whole or not at all: a temporary file beside the target, then a rename.

Only regular files are replaced that way. A device or a named pipe (`/dev/null`, `/dev/stdout`,
a FIFO another program reads) is written directly: renaming over it would swap the device for a
plain file. A symlink is followed, so the file it points to is replaced and the link kept.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import UsageError


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then rename.

    Raises UsageError (naming `--output` and the path) when the folder is missing or not
    writable, the path is a folder, or the disk is full; no partial file is left behind.
    """
    shown = str(path)
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        info = path.stat()  # follows symlinks
    except FileNotFoundError:
        info = None
    except OSError as e:  # a symlink loop, a path through a file, …
        raise UsageError.at("--output", shown, f"cannot write there ({e.strerror or e})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError.at("--output", shown, "is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_special(path, data, shown)
        return
    if path.is_symlink():
        path = path.resolve()
    if not path.parent.is_dir():
        raise UsageError.at("--output", shown, f"folder {str(path.parent)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError.at("--output", shown, f"cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError.at("--output", shown, f"cannot write it ({e.strerror or e})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_special(path: Path, data: bytes, shown: str) -> None:
    """A device or named pipe: written in place (a FIFO waits for its reader, as with `>`)."""
    try:
        with path.open("wb") as f:
            f.write(data)
    except OSError as e:
        raise UsageError.at("--output", shown, f"cannot write it ({e.strerror or e})") from None


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask
    (mkstemp's private 0600 would make a shared report unreadable to others)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
