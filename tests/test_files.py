"""Writing files (files.write_atomic) and never writing while reading a model."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scenarios.cli import main
from scenarios.errors import UsageError
from scenarios.files import write_atomic

SRC = Path(__file__).resolve().parents[1] / "src"


def test_writes_a_new_file_whole_and_leaves_no_temporary(tmp_path):
    write_atomic(tmp_path / "out.txt", "hello\n")
    assert (tmp_path / "out.txt").read_text() == "hello\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_dev_null_stays_a_device():
    write_atomic("/dev/null", "nothing\n")
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_is_one_line_and_exit_2(small_model_dir, capsys):  # was: OSError traceback
    rc = main(["rank", "--model", str(small_model_dir), "--output", "/dev/full"])
    err = capsys.readouterr().err
    assert rc == 2 and len(err.splitlines()) == 1 and "/dev/full" in err and "No space" in err, err
    assert Path("/dev/full").is_char_device()


def test_a_named_pipe_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_is_kept_and_its_target_replaced(tmp_path):
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    write_atomic(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"


@pytest.mark.parametrize("where", ["missing/out.txt", "folder"])
def test_a_missing_folder_or_a_folder_target_is_refused_without_a_file(tmp_path, where):
    (tmp_path / "folder").mkdir()
    with pytest.raises(UsageError, match="--output"):
        write_atomic(tmp_path / where, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert list((tmp_path / "folder").iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_an_unwritable_folder_is_one_line(tmp_path, small_model_dir, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    rc = main(["rank", "--model", str(small_model_dir), "--output", str(locked / "out.txt")])
    assert rc == 2 and len(capsys.readouterr().err.splitlines()) == 1
    assert list(locked.iterdir()) == []


def test_a_missing_output_folder_is_exit_2_and_no_file(tmp_path, small_model_dir, capsys):
    rc = main(["rank", "--model", str(small_model_dir), "--output", str(tmp_path / "nope" / "out.txt")])
    assert rc == 2 and len(capsys.readouterr().err.splitlines()) == 1
    assert not (tmp_path / "nope").exists()


# ---- reading a model writes nothing -----------------------------------------------------------
def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file()
    }


READ_ONLY = [
    ["validate"],
    ["rank"],
    ["rank", "--format", "json"],
    ["rank", "--profiles"],
    ["explain"],
    ["sensitivity", "--samples", "500", "--workers", "1"],
    ["stability"],
    ["tornado"],
    ["sobol", "--samples", "64"],
    ["futures"],
]


def test_read_only_commands_change_nothing_in_the_model_folder(small_model_dir, capsys):
    before = snapshot(small_model_dir)
    dirs_before = sorted(p for p in small_model_dir.rglob("*") if p.is_dir())
    for args in READ_ONLY:
        assert main([*args, "--model", str(small_model_dir)]) == 0, args
        assert snapshot(small_model_dir) == before, args
    assert sorted(p for p in small_model_dir.rglob("*") if p.is_dir()) == dirs_before
    capsys.readouterr()


def test_running_from_inside_the_model_folder_leaves_no_cache_or_temp_files(small_model_dir):
    before = snapshot(small_model_dir)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-m", "scenarios", "rank", "--model", "."],
        cwd=small_model_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert snapshot(small_model_dir) == before
    assert not any(p.name == "__pycache__" for p in small_model_dir.rglob("*"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "block-buffered"])
def test_stdout_on_a_full_disk_is_one_line_and_exit_2(small_model_dir, unbuffered):  # was: OSError traceback
    # block-buffered (a plain shell), what was buffered used to fail again at exit: exit 120
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": unbuffered}
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            [sys.executable, "-m", "scenarios", "rank", "--model", str(small_model_dir)],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=120,
        )
    assert out.returncode == 2, out.stderr
    assert out.stderr.splitlines() == ["error: stdout: cannot write the output (No space left on device)"]
