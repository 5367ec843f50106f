"""Clean stops: SIGINT (Ctrl-C) and SIGTERM end a batch within moments, its worker
processes with it, and leave every completed document written and journaled.

While ``stop_on_signals()`` is active, the first SIGINT or SIGTERM terminates the worker
processes started since (``nlp.pipe``'s), then raises ``Stopped`` in the main thread; a
second signal while stopping is ignored. Inside ``held()``, where one document's lines
and its journal entry are written, the stop waits for the block to end, so no line is
ever torn by a signal. Workers forked meanwhile ignore SIGINT (a Ctrl-C reaches the whole
process group: they are stopped by the main process, not by a ``KeyboardInterrupt``
traceback of their own), take SIGTERM's default action, and get SIGTERM when the main
process dies (Linux), so none is left behind even if it is killed outright.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """The run was stopped by a signal (a ``BaseException``, like ``KeyboardInterrupt``,
    so that no ``except Exception`` takes it for a document's failure)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum


class _State:
    active = False
    held = 0
    pending: int | None = None
    stopping = False
    parent = 0
    before: frozenset[int] = frozenset()
    libc: ctypes.CDLL | None = None
    fork_hook = False


_state = _State()


_raised: list[int] = []  # signals the launcher raised ``Stopped`` for


def raise_stop(signum: int) -> NoReturn:
    """Raise ``Stopped`` for a signal, and remember that it came: C code can swallow the
    exception (Cython's module set-up does, while spaCy imports), and the run would go on
    to the end as if no one had asked it to stop. ``raise_if_stopped`` raises it again."""
    _raised.append(signum)
    raise Stopped(signum)


def raise_if_stopped() -> None:
    """Raise the stop a signal asked for, if an extension swallowed it (see ``raise_stop``)."""
    if _raised:
        raise Stopped(_raised[0])


def children() -> frozenset[int]:
    """The ids of this process's live child processes."""
    return frozenset(child.pid for child in multiprocessing.active_children() if child.pid is not None)


def stop_children(before: frozenset[int], timeout: float = 3.0) -> None:
    """Terminate the child processes started since ``before`` was taken, and reap them."""
    started = [child for child in multiprocessing.active_children() if child.pid not in before]
    for child in started:
        child.terminate()
    for child in started:
        child.join(timeout)
        if child.is_alive():
            child.kill()
            child.join(timeout)
    # spaCy's nlp.pipe warns (W127) that its workers did not complete: they were told to stop.
    warnings.filterwarnings("ignore", message=r"\[W127\]")


@contextmanager
def held() -> Iterator[None]:
    """A block a stop does not interrupt: it takes effect when the block ends."""
    _state.held += 1
    try:
        yield
    finally:
        _state.held -= 1
    if not _state.held and _state.pending is not None and _state.active:
        signum, _state.pending = _state.pending, None
        raise Stopped(signum)
    if not _state.held and _state.active:
        raise_if_stopped()  # a stop an extension swallowed on its way up


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise ``Stopped`` in the main thread (see the module docstring)."""
    if not _state.fork_hook:
        os.register_at_fork(after_in_child=_in_child)
        _state.fork_hook = True
    if sys.platform.startswith("linux") and _state.libc is None:
        _state.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    _state.active, _state.stopping, _state.pending, _state.held = True, False, None, 0
    _raised.clear()
    _state.parent, _state.before = os.getpid(), children()
    for signum in SIGNALS:
        signal.signal(signum, _handler)
    try:
        yield
    finally:
        _state.active = False
        _raised.clear()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _handler(signum: int, frame: object) -> None:
    if _state.stopping or os.getpid() != _state.parent:
        return
    _state.stopping = True
    stop_children(_state.before)
    if _state.held:
        _state.pending = signum
        return
    raise_stop(signum)


def _in_child() -> None:
    """In a worker forked while stops are on: the main process stops it."""
    if not _state.active:
        return
    _state.active = False
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _state.libc is not None:
        _state.libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != _state.parent:  # the main process died before the line above
            os._exit(1)
