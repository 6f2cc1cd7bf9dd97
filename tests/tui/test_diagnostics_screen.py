"""The problems screen points at the right character, however long the line."""

from __future__ import annotations

import pytest

from offscript.engine.diagnostics import Diagnostic
from offscript.render.excerpt import SOURCE_WIDTH, source_window
from offscript.tui.screens.diagnostics import diagnostic_content

LONG = "    text: " + " ".join(f"word{n}" for n in range(40)) + " {titel} and more words after the mistake, too soon."


@pytest.mark.parametrize("col", [1, 11, LONG.index("{titel}") + 2, len(LONG) - 3, len(LONG)])
def test_a_long_line_is_cut_around_the_column_and_the_caret_stays_under_it(col: int) -> None:
    shown, offset = source_window(LONG, col)
    assert len(shown) == SOURCE_WIDTH
    assert shown[offset] == LONG[col - 1]
    assert shown.startswith("…") == (col > SOURCE_WIDTH // 2)
    assert shown.endswith("…") == (col < len(LONG) - SOURCE_WIDTH // 2)


def test_a_short_line_is_shown_whole() -> None:
    assert source_window("goto: decid", 7) == ("goto: decid", 6)


def test_the_rendered_caret_is_under_the_mistake() -> None:
    col = LONG.index("{titel}") + 2
    diagnostic = Diagnostic("s.yaml", 3, col, "error", "OS302", "unknown name 'titel'")
    _, source, caret = diagnostic_content(diagnostic, ["", "", LONG]).plain.split("\n")
    assert len(source) <= 8 + SOURCE_WIDTH  # '    3 | ' and the line: no wrap at 80 columns
    assert source[caret.index("^")] == "t" and source[caret.index("^") - 1] == "{"
