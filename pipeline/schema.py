"""The JSON Schemas of our records, written from the pydantic models so the files under
``schemas/`` can never say something the code does not.

    python -m pipeline.schema [FOLDER]     # default: schemas/ at the repository root
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.records import SCHEMAS

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "schemas"
REGENERATE = "python -m pipeline.schema"


def schema_text(name: str) -> str:
    """The schema of record type ``name`` as written to disk: sorted keys, indent 2,
    one trailing newline."""
    return json.dumps(SCHEMAS[name].model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def write_schemas(folder: str | Path = DEFAULT_FOLDER) -> list[Path]:
    """Write ``<name>.schema.json`` for every record type into ``folder``; the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(SCHEMAS):
        path = folder / file_name(name)
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print(f"usage: {REGENERATE} [FOLDER]  (default: {DEFAULT_FOLDER})", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    for path in write_schemas(args[0] if args else DEFAULT_FOLDER):
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
