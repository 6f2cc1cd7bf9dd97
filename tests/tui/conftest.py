"""Shared set-up for the TUI tests: an isolated data folder, a fixed library, fixed sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color

from offscript.tui.app import OffscriptApp

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TUI_FIXTURES = FIXTURES / "tui"
LIBRARY = Path("tests/fixtures/tui/library")  # relative to ROOT: paths in snapshots do not depend on the checkout
FIRST_CALL = "tests/fixtures/first-call.yaml"
MARKUP = "tests/fixtures/tui/markup.yaml"
DEAD_END = "tests/fixtures/tui/dead-end.yaml"
FOLLOW_UP = "tests/fixtures/tui/follow-up.yaml"  # three decisions: open, (sigh), when, price, an ending
TEMPLATED = "tests/fixtures/tui/templated.yaml"  # {name} in feedback, discuss and debrief; an unbounded score
BROKEN = "tests/fixtures/tui/broken.yaml"
LONG_REPLY = "tests/fixtures/tui/long-reply.yaml"  # a reply taller than the box, coaching taller than the sidebar
SMALL = (80, 24)
LARGE = (120, 40)
SHOWN_DATA_DIR = "~/.local/share/offscript"  # how the game shows the data folder (inside HOME)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run from the repository root with a fixed built-in library and an empty data folder in tmp_path.

    HOME is tmp_path/home too, so the game shows the data folder as '~/.local/share/offscript'
    in every test and snapshot; returns the data folder (created on the first write).
    """
    home = tmp_path / "home"
    data = home / ".local" / "share" / "offscript"
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(data))
    monkeypatch.setattr("offscript.library.builtin_scenarios_dir", lambda: LIBRARY)
    return data


@pytest.fixture
def make_app(tmp_path: Path):
    """OffscriptApp with its settings in a temporary file (so tests never share a theme)."""

    def make(**kwargs: object) -> OffscriptApp:
        kwargs.setdefault("settings_path", tmp_path / "settings.json")
        return OffscriptApp(**kwargs)  # type: ignore[arg-type]

    return make


def screen_lines(app: OffscriptApp) -> list[str]:
    """The text on the screen, line by line, as the player sees it."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: OffscriptApp) -> str:
    return "\n".join(screen_lines(app))


def widget_text(app: OffscriptApp, selector: str) -> str:
    """All the text in the widgets matching a selector (including what is scrolled out of view)."""
    found = []
    for widget in app.screen.query(selector):
        content = getattr(widget, "visual", None) or getattr(widget, "content", None)
        found.append(str(getattr(content, "plain", content)))
    return "\n".join(found)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: Color, background: Color) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def worst_contrast(app: OffscriptApp) -> tuple[float, str]:
    """The lowest contrast of any text on screen (letters and digits; not borders), and that text."""
    worst: tuple[float, str] = (21.0, "")
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            text = segment.text
            if style is None or not any(c.isalnum() for c in text) or style.color is None or style.bgcolor is None:
                continue
            if style.reverse:
                fg, bg = style.bgcolor, style.color
            else:
                fg, bg = style.color, style.bgcolor
            ratio = contrast(fg, bg)
            if ratio < worst[0]:
                worst = (ratio, segment.text)
    return worst
