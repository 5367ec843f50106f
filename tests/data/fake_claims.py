"""``claims`` on the fake pipeline (tests/data/fake_pipeline.py), for the tests that run
the command as a process: ``python tests/data/fake_claims.py batch ...``."""

import fake_pipeline

fake_pipeline.install()

from pipeline.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
