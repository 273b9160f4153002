"""The one error type for user mistakes: every problem names a file (or flag), a key and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input. `where` is a file path or a flag such as `--weight`."""

    where: str
    key: str
    message: str

    def __str__(self) -> str:
        return ": ".join(part for part in (self.where, self.key, self.message) if part)


class ModelError(Exception):
    """A user mistake in a model folder, a weights file or a flag; carries every problem found.

    The CLI turns it into one line and exit code 2; anything else that raises is a bug.
    """

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        super().__init__(self.one_line())

    @classmethod
    def at(cls, where: str, key: str, message: str) -> ModelError:
        return cls(Problem(where, key, message))

    def one_line(self) -> str:
        first = str(self.problems[0]) if self.problems else "invalid input"
        more = len(self.problems) - 1
        return first + (f" (and {more} more; `scenarios validate` lists them all)" if more else "")


class UsageError(ModelError):
    """A bad flag or flag value (where = the flag)."""
