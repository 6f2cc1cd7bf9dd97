"""Text from outside that is safe to print: the one helper every client uses, as defence in depth.

The loader refuses control characters in a scenario (OS111), but text also
comes from places the loader never saw: file names, data files (history,
saves, the scenario cache), a model built by hand. Whatever reaches a
terminal, a page or a file goes through `safe`, so it can never start an
escape sequence (ESC, CSI, OSC: clear the screen, set the title, write the
clipboard), ring the bell or move the cursor.

Each control character is replaced by a visible stand-in of one cell, so a
reader can see that something was there and where:

- C0 controls and DEL become their Unicode "control pictures" (ESC is `␛`,
  BEL `␇`, NUL `␀`, DEL `␡`);
- C1 controls (U+0080 to U+009F), which have no pictures, become `�` (U+FFFD);
- lone surrogates (a file name that is not UTF-8, decoded by `os.fsdecode`)
  become `�` too, since no terminal or file encoding can take them.

Newline and tab stay in running text; `one_line=True` (file names,
diagnostics, table cells) turns them into `␊` and `␉` too, so a name cannot
forge a second line of output.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls: what no scenario text may hold (OS111).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control picture: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def safe(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character (and lone surrogate) replaced by a visible stand-in."""
    pattern = _UNSAFE_LINE if one_line else _UNSAFE
    if pattern.search(text) is None:  # the usual case: no copy
        return text
    return pattern.sub(_stand_in, text)


def describe_control(character: str) -> str:
    """A control character as a message names it: 'U+001B (ESC)'."""
    code = ord(character)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL"}
_NAMES |= {0x85: "NEL", 0x90: "DCS", 0x9B: "CSI", 0x9D: "OSC"}
