"""``python -m pipeline``: the ``claims`` command where no script is on the PATH."""

from pipeline.cli import main

main(prog_name="claims")
