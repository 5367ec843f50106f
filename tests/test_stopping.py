"""Clean stops, in this process: a signal raises ``Stopped`` at once, or after the block
that writes a document; a second one while stopping is ignored; the handlers go when the
run ends. (tests/test_cli_batch.py stops real runs with real workers.)"""

from __future__ import annotations

import os
import signal

import pytest

from pipeline.stopping import Stopped, held, stop_on_signals


def test_a_signal_stops_at_once_outside_a_held_block():
    with pytest.raises(Stopped) as stopped, stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next line
        raise AssertionError("not stopped")
    assert (stopped.value.name, stopped.value.exit_code) == ("SIGTERM", 143)


def test_a_held_block_ends_before_the_stop_and_a_second_signal_is_ignored():
    written = []
    with pytest.raises(Stopped) as stopped, stop_on_signals():
        with held():
            os.kill(os.getpid(), signal.SIGINT)
            written.append("lines")
            os.kill(os.getpid(), signal.SIGINT)
            written.append("journal entry")
        written.append("the next document")
    assert written == ["lines", "journal entry"]
    assert stopped.value.exit_code == 130


def test_the_handlers_are_put_back():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with stop_on_signals():
        assert signal.getsignal(signal.SIGINT) is not before[0]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
