"""`offscript schema`: print the scenario format's JSON Schema, for editors that complete and check YAML."""

from __future__ import annotations

import argparse
import sys
from importlib import resources

SCHEMA_FILE = "offscript-scenario.schema.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the schema is one file, redirected where the editor looks for it."""


def schema_text() -> str:
    """The schema shipped in the wheel, exactly as it is (JSON, draft 2020-12)."""
    return resources.files("offscript.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
