"""``python -m pipeline``: the ``claims`` command where no script is on the PATH."""

from pipeline.launch import run

run()
