"""Every error a user can cause, in one place, each carrying its exit status.

The command line and the app catch `MinutesError` alone: its message is one sentence
fit to show as it is, and `exit_status` says what the command line exits with
(2: bad usage or bad input the user must fix; 1: a failure at run time). Each class
also keeps the built-in base its callers have always caught (`ValueError`, ...).
"""
from __future__ import annotations

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class MinutesError(Exception):
    """Base class: a one-sentence message for the user and an exit status."""

    exit_status: int = EXIT_USAGE


class UsageError(MinutesError):
    """Bad usage of the command line (an unknown flag, a missing argument)."""


class CorpusError(MinutesError, ValueError):
    """A corpus root that cannot be read, or holds no minutes."""


class UnreadableFile(MinutesError, ValueError):
    """A file that is not minutes at all (binary, unreadable); the message says why."""


class BadQuery(MinutesError, ValueError):
    """Input the user must fix (an unknown field, a malformed date or query)."""


class QueryDateError(BadQuery):
    """A date operator with a value that is not a date."""


class QuerySyntaxError(BadQuery):
    """A query that cannot be understood; the message says why."""


class IndexMissing(MinutesError, LookupError):
    """There is no index at the given place yet."""


class NotAnIndex(MinutesError, ValueError):
    """The folder exists but holds something else: refuse to write there."""


class IndexBusy(MinutesError, RuntimeError):
    """Another build or update holds the index: try again later."""

    exit_status = EXIT_FAILURE


class HookError(MinutesError, ValueError):
    """A git hook that cannot be installed (not a repository, a foreign hook in the way)."""
