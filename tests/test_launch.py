"""A stop at any moment of any command, loading included, ends in one line and the
shell's exit code: real processes, signalled while Python imports spaCy, while the model
loads and while the article is read. (Before the command's first line runs, in Python's
own start-up, a signal is Python's to handle.)"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

SENTENCE = 'The harbour master said the pier would reopen in May, and "not a day later," she added. '


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2])
def test_a_stop_while_loading_or_reading_ends_in_one_line(tmp_path, signum, delay):
    article = tmp_path / "long.txt"
    article.write_text(SENTENCE * 2000, encoding="utf-8")  # seconds of work after loading
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(article)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum
    assert err == f"claims: stopped by {signal.Signals(signum).name}\n"
