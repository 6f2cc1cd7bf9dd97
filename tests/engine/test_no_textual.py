"""The engine and the non-interactive commands never import Textual (start-up time and layering)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "first-call.yaml"

PROGRAM = """
import sys
import offscript.engine.analysis, offscript.engine.loader, offscript.engine.playthrough
from offscript.cli import main
for argv in (["validate", {f!r}], ["run", {f!r}, "--choices", "1", "--json"], ["analyze", {f!r}, "--json"],
             ["list", "--json"]):
    try:
        main(argv)
    except SystemExit:
        pass
assert "textual" not in sys.modules, sorted(m for m in sys.modules if m.startswith("textual"))
print("clean")
"""


def test_engine_and_commands_do_not_import_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM.format(f=str(FIXTURE))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("clean")


def test_engine_sources_never_mention_textual() -> None:
    engine = Path(__file__).parents[2] / "src" / "offscript" / "engine"
    for source in engine.glob("*.py"):
        assert not re.search(r"^\s*(from|import) textual", source.read_text(), re.M), source
