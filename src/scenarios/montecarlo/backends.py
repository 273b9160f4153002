"""Who runs the Monte Carlo tasks: this process, this process beside a local process pool, dask,
or a dask cluster.

Every backend yields the tasks' results in task order and keeps only a window of tasks in
flight, so memory stays bounded whatever the sample count. Waits poll an `interrupted` flag
(set by Ctrl-C, see `deferred_interrupt`) so Ctrl-C is handled at a safe point between tasks,
and every exit path — normal, Ctrl-C, error — stops the workers it started (no orphans).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController, threadpool_limits

from ..errors import Problem, UsageError

BACKENDS = ("processes", "dask")
SCHEDULER_ENV = "SCENARIOS_DASK_SCHEDULER"
CONNECT_TIMEOUT = 5.0  # seconds to reach a dask scheduler before giving up
_POLL = 0.1  # seconds between checks for Ctrl-C while waiting on a worker
NO_WORKERS_GRACE = 30.0  # seconds a dask cluster may have no workers before the run gives up
_ADDRESS = re.compile(r"^(?:(tcp|tls|ws|wss|ucx|inproc)://)?[\w.\-\[\]:]+:\d{1,5}$")

Interrupted = Callable[[], bool]


class WorkerLost(RuntimeError):
    """A worker process died mid-run (killed, or out of memory): the run cannot finish."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@contextmanager
def deferred_interrupt() -> Iterator[Interrupted]:
    """While active, the first Ctrl-C only sets a flag (the engine stops at the next safe point
    and keeps what it has); a second one interrupts at once. A no-op off the main thread."""
    hit = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield hit.is_set
        return

    def handler(signum: int, frame: Any) -> None:
        if hit.is_set():
            raise KeyboardInterrupt
        hit.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield hit.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


def check_scheduler(address: str, where: str = "--scheduler") -> str:
    """The address if it looks like a dask scheduler's (`tcp://host:port` or `host:port`)."""
    if not _ADDRESS.match(address.strip()):
        raise UsageError.at(where, address, "expected a dask scheduler address such as tcp://10.0.0.5:8786")
    if not 1 <= int(address.rsplit(":", 1)[1]) <= 65535:
        raise UsageError.at(where, address, "the port must be a number from 1 to 65535")
    return address.strip() if "://" in address else f"tcp://{address.strip()}"


class Runner:
    """Runs `(fn, *args)` calls, yielding `fn(*args)` in call order, on one backend for a whole
    run (both passes share one process pool or one cluster connection). A context manager:
    leaving it — normally, on Ctrl-C or on an error — stops every worker it started."""

    def __init__(
        self, workers: int, interrupted: Interrupted, backend: str = "processes", scheduler: Any = None
    ):
        self.workers, self.interrupted, self.backend, self.scheduler = (
            workers,
            interrupted,
            backend,
            scheduler,
        )
        self._pool: ProcessPoolExecutor | None = None
        self._frozen = False
        self._client: Any = None
        self._pending: deque[Any] = deque()

    def __enter__(self) -> Runner:
        if self.scheduler:
            self._client = connect(self.scheduler)
        # in-process work too keeps BLAS to one thread: its products are small, and extra BLAS
        # threads only fight the workers (measured: confidence pass 24 ms -> 6 ms per unit, 13 options)
        self._blas = _blas().limit(limits=1)
        return self

    def __exit__(self, kind: Any, error: Any, tb: Any) -> None:
        self._blas.restore_original_limits()
        if self._frozen:
            gc.unfreeze()
        clean = kind is None
        if self._pool is not None:
            if clean:
                self._pool.shutdown(wait=True)
            else:
                _terminate(self._pool, self._pending)
        if self._client is not None:
            if self._pending:
                self._client.cancel(list(self._pending))
            self._client.close()

    def map(self, calls: Iterable[tuple[Any, ...]], workers: int | None = None) -> Generator[Any, None, None]:
        workers = self.workers if workers is None else workers
        if self._client is not None:
            yield from self._cluster(calls)
        elif self.backend == "dask":
            yield from _dask_local(calls, workers, self.interrupted)
        elif workers <= 1:
            for c in calls:
                if self.interrupted():
                    raise KeyboardInterrupt
                yield _call(c)
        else:
            yield from self._processes(calls)

    def _processes(self, calls: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """`workers - 1` forked processes, and this process too: it computes the next task
        itself whenever the oldest one in flight is not back yet. This process is idle
        otherwise, and a third busy process on two cores costs more (time slices, a fork, a
        worker's start) than the pool's bookkeeping it now does between its own tasks."""
        if self._pool is None:
            # Forked workers share the parent's pages until written; the garbage collector
            # writes to every object it scans, so objects that exist now are frozen out of its
            # reach until the run ends (Python's gc.freeze advice for fork without exec).
            gc.freeze()
            self._frozen = True
            context, inherits = _start_method()
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, self.workers - 1),
                mp_context=context,
                initializer=_quiet_worker,
                initargs=(inherits,),
            )
        pending = self._pending  # futures, and results computed here, in call order
        window = 2 * max(1, self.workers - 1)
        remote = 0  # futures among `pending`
        todo = iter(calls)
        more = True
        try:
            while more or pending:
                while pending and (not isinstance(pending[0], Future) or pending[0].done()):
                    remote -= isinstance(pending[0], Future)
                    yield _result(pending.popleft())
                while more and remote < window:  # keep the workers fed before working here
                    call = next(todo, None)
                    if call is None:
                        more = False
                    else:
                        pending.append(self._pool.submit(_call, call))
                        remote += 1
                if self.interrupted():
                    raise KeyboardInterrupt
                call = next(todo, None) if more else None
                if call is not None:
                    pending.append(_Done(_call(call)))
                elif pending:
                    more = False
                    remote -= 1
                    yield _wait(pending.popleft(), self.interrupted)
        except BrokenProcessPool as e:
            raise WorkerLost(
                "a worker process died mid-run (killed, or out of memory); no results were written"
            ) from e
        except GeneratorExit:  # the caller stopped early (precision met): drop what is in flight
            for f in pending:
                if isinstance(f, Future):
                    f.cancel()
            pending.clear()
            raise

    def _cluster(self, calls: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Submit to the dask.distributed cluster, 2 tasks per worker thread in flight."""
        from distributed import TimeoutError as DaskTimeout

        client, pending = self._client, self._pending
        window = 2 * max(1, sum(client.nthreads().values()))
        alone_since: list[float | None] = [None]

        def stop() -> bool:  # Ctrl-C, or no worker left on the cluster for NO_WORKERS_GRACE s
            if self.interrupted():
                return True
            if client.nthreads():
                alone_since[0] = None
            elif alone_since[0] is None:
                alone_since[0] = time.monotonic()
            elif time.monotonic() - alone_since[0] > NO_WORKERS_GRACE:
                raise WorkerLost(f"no dask workers left on {self.scheduler}; no results were written")
            return False

        try:
            for c in calls:
                pending.append(client.submit(_call, c, pure=False))
                if len(pending) >= window:
                    yield _wait(pending.popleft(), stop, (TimeoutError, DaskTimeout), poll=1.0)
            while pending:
                yield _wait(pending.popleft(), stop, (TimeoutError, DaskTimeout), poll=1.0)
        except GeneratorExit:
            client.cancel(list(pending))
            pending.clear()
            raise
        except Exception as e:
            if type(e).__name__ == "KilledWorker":
                raise WorkerLost(f"dask workers kept dying on a task ({e}); no results were written") from e
            raise


def _call(task: tuple[Any, ...]) -> Any:
    fn, *args = task
    return fn(*args)


@cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries loaded in this process (numpy's), found once: finding them reads
    every loaded library's symbols, ~15 ms with numba loaded, which a run would pay each time."""
    return ThreadpoolController()


@dataclass(frozen=True)
class _Done:
    """A task's result computed in this process, queued among the pool's futures."""

    value: Any


def _result(entry: Future[Any] | _Done) -> Any:
    return entry.value if isinstance(entry, _Done) else entry.result()


def _start_method() -> tuple[Any, bool]:
    """The pool's multiprocessing context, and whether its workers inherit this process's state
    (the loaded kernel, the BLAS thread limit): fork on Linux, the platform default elsewhere."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork"), True
    return None, False


def _quiet_worker(inherits: bool) -> None:
    """Worker setup: the parent handles Ctrl-C (and reports partial results); BLAS keeps to one
    thread per worker, or `workers` processes × BLAS threads oversubscribe the cores (measured:
    the confidence pass ran 2× slower per block with 2 workers before this). A forked worker
    inherits the parent's limit; finding the libraries again would cost it ~10 ms."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not inherits:
        threadpool_limits(1)


def _wait(future: Any, interrupted: Interrupted, timeouts: Any = (TimeoutError,), poll: float = _POLL) -> Any:
    while True:
        try:
            return future.result(timeout=poll)
        except timeouts:
            if interrupted():
                raise KeyboardInterrupt from None


def _terminate(pool: ProcessPoolExecutor, pending: deque[Any]) -> None:
    """Stop a pool now: cancel queued tasks and end its processes (they ignore SIGINT)."""
    for f in pending:
        if isinstance(f, Future):
            f.cancel()
    procs = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)
    if manager is not None:
        _forget(manager)


def _forget(manager: threading.Thread) -> None:
    """Wait for a stopped pool's manager thread, then drop it from the exit hook's list.

    Python 3.11's `concurrent.futures` wakes, at interpreter exit, every manager thread it has
    registered, writing to a pipe the thread of a broken pool has already closed: "Exception
    ignored … Bad file descriptor" on stderr after our one-line error (1 run in ~6 under load).
    A finished thread needs no waking."""
    manager.join(timeout=5)
    if manager.is_alive():
        return
    from concurrent.futures import process

    wakeups = getattr(process, "_threads_wakeups", None)
    if wakeups is not None:
        wakeups.pop(manager, None)


def _dask_local(calls: Iterable[tuple[Any, ...]], workers: int, interrupted: Interrupted) -> Iterator[Any]:
    """`dask.delayed` in windows of 2 × workers tasks (a `distributed.Client`, if one is active)."""
    import dask  # optional extra: pip install 'scenarios[dask]'

    window: list[Any] = []
    for c in [*calls, None]:
        if c is not None:
            window.append(dask.delayed(_call)(c))  # type: ignore[attr-defined]  # dask re-exports without __all__
        if window and (c is None or len(window) >= 2 * workers):
            if interrupted():
                raise KeyboardInterrupt
            yield from dask.compute(*window)  # type: ignore[attr-defined, no-untyped-call]  # dask is untyped
            window = []


def connect(address: str) -> Any:
    """A `distributed.Client` on the scheduler at `address`, or UsageError within ~5 s."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError.at(
            "--scheduler", address, "needs dask.distributed: pip install 'scenarios[dask]'"
        ) from None
    problem = _listening(address) or _greeting(address)
    if problem is None:
        try:
            return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]  # untyped
        except Exception as e:
            problem = _first_line(e) or type(e).__name__
    raise UsageError(Problem("--scheduler", "", f"cannot reach {address}: {problem}"))


def _listening(address: str) -> str | None:
    """None if something accepts a TCP connection at a tcp:// or tls:// `address` (others are
    not checked), else why not: an unknown host or a refused port fails at once, where dask
    would retry it until CONNECT_TIMEOUT and then call it a timeout."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("tcp", "tls"):
        return None
    host, _, port = rest.rpartition(":")
    host = host.strip("[]")
    try:
        socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except socket.gaierror:
        return f"no host is known by the name {host}"
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except ConnectionRefusedError:
        return "nothing is listening there (connection refused)"
    except TimeoutError:
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    except OSError as e:
        return e.strerror or _first_line(e) or type(e).__name__
    return None


def _greeting(address: str) -> str | None:
    """None if a dask comm to `address` completes its handshake within CONNECT_TIMEOUT, else why
    not. Checked before a `Client` is made: whatever answers on a wrong port (a web server, a
    proxy) sends bytes that dask reads as a frame length in the exabytes, and a `Client` that
    fails mid-handshake leaves a finalizer that stalls interpreter exit for 10 s."""
    import asyncio

    from distributed.comm.core import connect as dask_connect
    from distributed.security import Security

    async def shake() -> None:
        args = Security().get_connection_args("client")  # type: ignore[no-untyped-call]  # untyped
        comm = await dask_connect(address, timeout=CONNECT_TIMEOUT, **args)  # type: ignore[no-untyped-call]  # untyped
        await comm.close()

    try:  # on a thread of its own: a notebook's event loop may be running on this one
        with ThreadPoolExecutor(1) as probe:
            probe.submit(asyncio.run, asyncio.wait_for(shake(), CONNECT_TIMEOUT)).result()
    except MemoryError:
        return "it answered, but not as a dask scheduler"
    except TimeoutError as e:
        return _first_line(e) or f"no dask scheduler answered within {CONNECT_TIMEOUT:g} s"
    except Exception as e:
        return _first_line(e) or type(e).__name__
    return None


def _first_line(error: BaseException) -> str:
    return str(error).strip().split("\n")[0]
