"""The high-contrast theme keeps every piece of text at 7:1 or better, on every screen."""

from __future__ import annotations

import pytest

from offscript.tui.themes import HIGH_CONTRAST

from .conftest import BROKEN, DEAD_END, FIRST_CALL, SMALL, worst_contrast

CASES = {
    "library": ({}, []),
    "briefing": ({"play_path": FIRST_CALL}, []),
    "play": ({"play_path": FIRST_CALL}, ["enter", "1"]),
    "dead-end": ({"play_path": DEAD_END}, ["enter", "1"]),
    "ending": ({"play_path": FIRST_CALL}, ["enter", "2", "space", "enter"]),
    "diagnostics": ({"play_path": BROKEN}, []),
    "help": ({}, ["question_mark"]),
    "confirm": ({"play_path": FIRST_CALL}, ["enter", "escape"]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_high_contrast_text_is_at_least_7_to_1(case: str, make_app, tmp_path) -> None:
    (tmp_path / "settings.json").write_text(
        f'{{"format": "offscript-settings", "version": 1, "theme": "{HIGH_CONTRAST.name}"}}'
    )
    kwargs, keys = CASES[case]
    app = make_app(**kwargs)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        ratio, text = worst_contrast(app)
        assert ratio >= 7.0, f"{case}: {text!r} has contrast {ratio:.2f}:1"
