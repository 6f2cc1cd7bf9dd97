"""The line a diagnostic points at, with a caret under its column, as rustc and ruff show it.

One builder for every client that shows source: `offscript validate` on a
terminal and the game's problems screen. The line comes from a scenario file,
so it is untrusted: control characters become visible stand-ins (`safe`), one
cell each, so the caret stays under the character it points at. A tab is
expanded to the next multiple of `TAB_WIDTH` both in the line and before the
caret; a wide character (CJK, most emoji) counts two cells before the caret.
A long line is cut around the column, so it never wraps under the caret.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from offscript.engine.safe_text import safe

SOURCE_WIDTH = 60  # characters of a source line shown: with its gutter it never wraps at 80 columns
TAB_WIDTH = 4  # as rustc and ruff show a tab
GUTTER = 5  # digits of the line number: '   12 | '
# Line breaks as the scenario reader counts them (`engine.source`): str.splitlines would also
# break at form feeds and other controls, which a diagnostic reports on the line they stand in.
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """A file's text as the lines its diagnostics count (1-based line N is item N - 1)."""
    return _LINE_BREAK.split(text)


def decode_source(data: bytes) -> list[str]:
    """A file's bytes as lines, whatever they hold: a file that is not UTF-8 still shows its lines."""
    return split_lines(data.decode("utf-8-sig", errors="replace"))


def source_window(source: str, col: int, width: int = SOURCE_WIDTH) -> tuple[str, int]:
    """The part of a long line around a 1-based column, marked with '…' where cut, and the column's offset in it.

    A wrapped line would leave the caret under the wrong characters, so a long
    line is cut to fit, as compilers do, keeping the column in the middle.
    """
    at = min(max(col - 1, 0), len(source))
    if len(source) <= width:
        return source, at
    start = max(0, min(at - width // 2, len(source) - width))
    shown = source[start : start + width]
    if start > 0:
        shown = "…" + shown[1:]
    if start + width < len(source):
        shown = shown[:-1] + "…"
    return shown, at - start


def _cells(text: str) -> int:
    """How many terminal cells `text` takes: wide characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True)
class Excerpt:
    """A source line ready to print: its number, its text and how many cells precede the caret."""

    line: int
    text: str
    caret_at: int

    @property
    def source_line(self) -> str:
        """'   12 |     speaker marco'."""
        return f"{self.line:>{GUTTER}} | {self.text}"

    @property
    def caret_line(self) -> str:
        """'      |     ^' (the gutter, then the caret under the column)."""
        return f"{'':>{GUTTER}} | " + " " * self.caret_at + "^"

    @property
    def caret_offset(self) -> int:
        """The caret's cell from the start of the printed line."""
        return GUTTER + 3 + self.caret_at


def excerpt(lines: list[str], line: int, col: int) -> Excerpt | None:
    """The excerpt for 1-based `line` and `col` of a file's lines, or None when the line is not in them."""
    if not 1 <= line <= len(lines):
        return None
    source = lines[line - 1]
    at = len(source[: max(col - 1, 0)].expandtabs(TAB_WIDTH))  # the column, once tabs are expanded
    shown, offset = source_window(source.expandtabs(TAB_WIDTH), at + 1)
    text = safe(shown, one_line=True)  # one stand-in per control character: the caret stays put
    return Excerpt(line, text, _cells(text[:offset]))
