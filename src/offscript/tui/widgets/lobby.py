"""The lobby on the projector: the room code in large digits, the QR code of the join link, the link in full.

The QR code is drawn with half blocks, two modules per character cell, dark
modules on a light quiet zone in fixed colours whatever the theme, so a phone
camera reads it on a dark projector as well as a light one.
"""

from __future__ import annotations

from functools import cache
from itertools import groupby

from textual.content import Content

from offscript.tui.safe import plain

DARK, LIGHT = "#000000", "#ffffff"
QUIET = 2  # modules of light border around the code (the standard asks for 4; 2 reads well on a screen)
DIGITS = {  # three rows per digit, so the code reads from the back of a room
    "0": ("█▀█", "█ █", "▀▀▀"),
    "1": (" ▄█", "  █", "  ▀"),
    "2": ("▀▀█", "█▀▀", "▀▀▀"),
    "3": ("▀▀█", " ▀█", "▀▀▀"),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀█", "▀▀▀"),
    "6": ("█▀▀", "█▀█", "▀▀▀"),
    "7": ("▀▀█", "  █", "  ▀"),
    "8": ("█▀█", "█▀█", "▀▀▀"),
    "9": ("█▀█", "▀▀█", "▀▀▀"),
}


@cache  # the lobby is drawn again for every phone that joins; the code is the same until the room changes
def qr_code(url: str) -> Content:
    """The QR code as one block of lines."""
    lines = qr_lines(url)
    return Content("\n").join(lines)


def qr_lines(url: str) -> list[Content]:
    """The QR code of `url` as lines of half blocks, dark on light."""
    import segno

    matrix = [list(row) for row in segno.make(url, error="l", boost_error=False).matrix]
    size = len(matrix) + 2 * QUIET
    rows = [[0] * size for _ in range(QUIET)] + [[0] * QUIET + r + [0] * QUIET for r in matrix]
    rows += [[0] * size for _ in range(QUIET)]
    if len(rows) % 2:
        rows.append([0] * size)
    return [
        _half_blocks(list(zip(top, bottom, strict=True))) for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def _half_blocks(pairs: list[tuple[int, int]]) -> Content:
    """One line of the code: an upper half block per module pair, a run of equal pairs styled once."""
    runs: list[tuple[str, str]] = []
    for (top, bottom), group in groupby(pairs):
        runs.append(("▀" * len(list(group)), f"{DARK if top else LIGHT} on {DARK if bottom else LIGHT}"))
    return Content.assemble(*runs)


def big_code(code: str) -> list[str]:
    """The room code in three-row digits."""
    return ["  ".join(DIGITS[digit][row] for digit in code if digit in DIGITS) for row in range(3)]


def lobby_text(code: str, url: str, short_url: str, phones: int, note: str) -> Content:
    """Everything beside the QR code: how to join, the room code in large digits, the link, the phones in."""
    parts: list[Content | str | tuple[str, str]] = [("Join from your phone", "bold"), "\n\n"]
    parts += ["Scan the code, or open ", plain(short_url), " and type the room code:\n\n"]
    for row in big_code(code):
        parts += [(row, "bold"), "\n"]
    parts += ["\n", ("Link: ", "bold"), plain(url), "\n", f"{phones} phone{'s' * (phones != 1)} joined"]
    if note:
        parts += ["\n\n", (note, "bold")]
    parts += [
        "\n\n",
        (
            "No page on the phones? Guest Wi-Fi often keeps devices apart: share this laptop's hotspot. "
            "Hands count too. space: start",
            "dim",
        ),
    ]
    return Content.assemble(*parts)
