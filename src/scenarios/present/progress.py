"""A progress bar (rich, which typer brings) shown only once a run has taken over a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported when a bar is shown: a quick command never pays for it
    from rich.progress import Progress


@contextmanager
def progress_bar(label: str, delay: float = 1.0) -> Iterator[Callable[[int, int], None]]:
    """Yield a `tick(done, total)` callback; the bar appears on stderr after `delay` seconds."""
    start = time.monotonic()
    bar: Progress | None = None
    task = None

    def tick(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - start < delay or not sys.stderr.isatty():
                return
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(
                TextColumn(label),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield tick
    finally:
        if bar is not None:
            bar.stop()
