"""The ``claims`` executable. Before it imports anything heavy it turns SIGINT and SIGTERM
into ``Stopped``, so a Ctrl-C or a SIGTERM while spaCy and the model load, or in any
command, ends the command as one in the middle of a batch does: one line, exit 130 or
143, no traceback. (``claims batch`` then takes over the signals for its workers and its
journal; see ``pipeline.stopping``.)"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

from pipeline.stopping import SIGNALS, Stopped, raise_if_stopped, raise_stop


def run() -> NoReturn:
    for signum in SIGNALS:
        signal.signal(signum, _stop)
    try:
        from pipeline.cli import main

        raise_if_stopped()  # a stop the imports swallowed
        main(prog_name="claims")
    except Stopped as stop:
        sys.stderr.write(f"claims: {stop}\n")
        sys.exit(stop.exit_code)
    sys.exit(0)  # click's standalone mode exits itself; this is not reached


def _stop(signum: int, frame: object) -> None:
    raise_stop(signum)
