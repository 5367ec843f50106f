"""Clean stops, in this process: a signal raises ``Stopped`` at once, or after the block
that writes a document; a second one while stopping is ignored; the handlers go when the
run ends. (tests/test_cli_batch.py stops real runs with real workers.)"""

from __future__ import annotations

import os
import signal

import pytest

from pipeline.stopping import Stopped, held, raise_if_stopped, raise_stop, stop_on_signals


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


def test_a_stop_that_c_code_swallowed_is_raised_again_after_the_document():
    # Cython's module set-up clears errors, so a stop raised while spaCy imports can vanish
    written = []
    with pytest.raises(Stopped) as stopped, stop_on_signals():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except Stopped:
            pass  # what the extension does with it
        with held():
            written.append("lines")
        written.append("the next document")
    assert written == ["lines"]
    assert stopped.value.exit_code == 143


def test_the_launcher_raises_a_swallowed_stop_at_its_next_check():
    try:
        raise_stop(signal.SIGINT)
    except Stopped:
        pass
    with pytest.raises(Stopped) as stopped:
        raise_if_stopped()
    assert stopped.value.exit_code == 130
    with stop_on_signals():  # a new run starts clean
        raise_if_stopped()


def test_the_handlers_are_put_back():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with stop_on_signals():
        assert signal.getsignal(signal.SIGINT) is not before[0]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
