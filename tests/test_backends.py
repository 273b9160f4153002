"""Where the Monte Carlo runs: a real dask cluster, Ctrl-C and killed workers, bad addresses.

These start real processes (a dask scheduler and two workers; the CLI in a subprocess) because
the behaviour pinned — identical bytes on a cluster, exit 130 with partial results, no orphaned
workers, one line when a worker dies — only shows across process boundaries.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scenarios.cli import main
from scenarios.montecarlo.backends import Runner

SRC = str(Path(__file__).parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": SRC, "PYTHONUNBUFFERED": "1"}
ENV.pop("SCENARIOS_DASK_SCHEDULER", None)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_long_run(tmp_path, *flags) -> tuple[subprocess.Popen, Path]:
    # The first run after an install compiles the numba kernel (seconds of CPU): done here (a
    # run long enough to load it, see kernel.MIN_DRAWS), so the CPU-time waits in the tests
    # measure drawing, not compiling.
    warm = [sys.executable, "-m", "scenarios", "sensitivity", "--samples", "500000", "--workers", "1"]
    subprocess.run([*warm, "--format", "json"], env=ENV, capture_output=True, check=True)
    out = tmp_path / "out.json"
    cmd = [sys.executable, "-m", "scenarios", "sensitivity", "--samples", "2000000000", "--format", "json"]
    proc = subprocess.Popen(
        [*cmd, *flags, "--output", str(out)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, out


def wait_for(condition, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def square_and_pid(i: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that the oldest task in flight is not back at once
    return i * i, os.getpid()


@pytest.mark.parametrize("workers", [2, 3])
def test_the_pool_works_here_too_and_yields_in_call_order(workers):
    with Runner(workers, lambda: False) as runner:
        out = list(runner.map((square_and_pid, i) for i in range(60)))
    assert [v for v, _ in out] == [i * i for i in range(60)]
    pids = {pid for _, pid in out}
    assert os.getpid() in pids and len(pids) == workers  # this process and workers - 1 forks


def test_a_run_stopped_early_leaves_nothing_running():
    with Runner(2, lambda: False) as runner:
        results = runner.map((square_and_pid, i) for i in range(1000))
        first = [next(results) for _ in range(5)]
        results.close()
        pool = runner._pool
    assert [v for v, _ in first] == [0, 1, 4, 9, 16]
    assert pool is not None and not any(p.is_alive() for p in (pool._processes or {}).values())


@needs_proc
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_writes_partial_results_exits_130_and_leaves_no_workers(tmp_path, workers):
    proc, out = start_long_run(tmp_path, "--workers", workers)
    try:
        # CPU time, not wall time, says the run is under way (a loaded machine imports slowly):
        # importing and loading take ~1.5 s of CPU; each task a fraction of a second
        if workers == "2":
            wait_for(lambda: len(children(proc.pid)) >= 1, timeout=120)
            wait_for(lambda: min(cpu_seconds(k) for k in children(proc.pid)) > 1.0, timeout=120)
        else:
            wait_for(lambda: cpu_seconds(proc.pid) > 4.0, timeout=120)
        kids = children(proc.pid)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    data = json.loads(out.read_text())
    assert data["partial"] is True and 0 < data["samples"] < data["requested_samples"]
    wait_for(lambda: not any(alive(k) for k in kids), timeout=10)


@needs_proc
def test_a_killed_worker_gives_one_line_and_exit_1_not_a_hang(tmp_path):
    proc, out = start_long_run(tmp_path, "--workers", "2")
    try:
        wait_for(lambda: len(children(proc.pid)) >= 1, timeout=120)
        wait_for(lambda: min(cpu_seconds(k) for k in children(proc.pid)) > 0.5, timeout=120)
        kids = children(proc.pid)
        os.kill(kids[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "worker process died" in lines[0], err
    assert not out.exists()
    wait_for(lambda: not any(alive(k) for k in kids), timeout=10)


@pytest.fixture
def dask_cluster(tmp_path):
    """A real dask scheduler and two single-threaded workers on 127.0.0.1, as separate processes."""
    pytest.importorskip("distributed")
    from distributed import Client

    file = tmp_path / "scheduler.json"
    scheduler_flags = ["--dashboard-address", ":0", "--scheduler-file", str(file)]
    worker_flags = ["--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", "--no-nanny"]
    py = [sys.executable, "-m"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": ENV}
    procs = [
        subprocess.Popen(
            [*py, "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", *scheduler_flags],
            **quiet,
        )
    ]
    try:
        wait_for(file.exists, timeout=60)
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [*py, "distributed.cli.dask_worker", "--scheduler-file", str(file), *worker_flags],
                    **quiet,
                )
            )
        address = json.loads(file.read_text())["address"]
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_dask_cluster_gives_byte_identical_json(small_model_dir, dask_cluster, capsys):
    args = ["sensitivity", "--model", str(small_model_dir), "--samples", "90000", "--seed", "5"]
    assert main([*args, "--format", "json", "--workers", "1"]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--format", "json", "--scheduler", dask_cluster]) == 0
    assert capsys.readouterr().out == local
    assert main([*args, "--format", "json", "--sampler", "qmc", "--workers", "2"]) == 0
    qmc_local = capsys.readouterr().out
    assert main([*args, "--format", "json", "--sampler", "qmc", "--scheduler", dask_cluster]) == 0
    assert capsys.readouterr().out == qmc_local


UNREACHABLE = [
    ("tcp://127.0.0.1:9", "nothing is listening there (connection refused)"),
    ("tcp://no-such-host.invalid:8786", "no host is known by the name no-such-host.invalid"),
]


@pytest.mark.parametrize("address, why", UNREACHABLE)
def test_an_unreachable_scheduler_exits_2_with_one_line_saying_why(small_model_dir, address, why):
    """A refused port or an unknown host is told at once (dask itself retries them for its
    whole timeout and then reports a timeout)."""
    pytest.importorskip("distributed")
    cmd = [sys.executable, "-m", "scenarios", "sensitivity", "--model", str(small_model_dir)]
    done = subprocess.run([*cmd, "--scheduler", address], env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"--scheduler: cannot reach {address}: {why}" in lines[0], done.stderr


@pytest.fixture(params=["web server", "silent"])
def not_a_scheduler(request):
    """A port where something else listens: a server that answers every connection with an
    HTTP status line (as a web server or a proxy does), or one that never says anything."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        held = []
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            if request.param == "web server":
                conn.sendall(b"HTTP/1.0 426 Upgrade Required\r\nserver: test\r\n\r\n")
                conn.close()
            else:
                held.append(conn)
        for conn in held:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield request.param, f"127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def test_a_port_that_is_not_a_scheduler_exits_2_with_one_line(small_model_dir, not_a_scheduler):
    pytest.importorskip("distributed")
    kind, address = not_a_scheduler
    cmd = [sys.executable, "-m", "scenarios", "sensitivity", "--model", str(small_model_dir)]
    done = subprocess.run([*cmd, "--scheduler", address], env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()  # one line: no traceback, no complaint at exit
    assert len(lines) == 1 and f"--scheduler: cannot reach tcp://{address}: " in lines[0], done.stderr
    expected = "not as a dask scheduler" if kind == "web server" else "no dask scheduler answered"
    assert expected in lines[0]


BAD = [
    (["--sampler", "sobol"], {}, "--sampler"),
    (["--scheduler", "not an address"], {}, "--scheduler"),
    (["--scheduler", "http://"], {}, "--scheduler"),
    (["--scheduler", "tcp://127.0.0.1:99999"], {}, "port must be a number from 1 to 65535"),
    ([], {"SCENARIOS_DASK_SCHEDULER": "nowhere"}, "SCENARIOS_DASK_SCHEDULER"),
    (["--sampler", "qmc", "--samples", "10"], {}, "--samples"),
]


@pytest.mark.parametrize("flags, env, named", BAD, ids=[" ".join(f) or str(e) for f, e, _ in BAD])
def test_bad_sampler_or_scheduler_exits_2_naming_it(small_model_dir, capsys, monkeypatch, flags, env, named):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert main(["sensitivity", "--model", str(small_model_dir), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and named in err, err


def test_report_takes_a_bad_scheduler_as_a_usage_error(small_model_dir, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--model", str(small_model_dir), "--scheduler", "??", "--output", str(out)]) == 2
    assert "--scheduler" in capsys.readouterr().err
