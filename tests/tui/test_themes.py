"""The high-contrast theme keeps every piece of text at 7:1 or better, on every screen."""

from __future__ import annotations

import pytest

from offscript.tui.themes import HIGH_CONTRAST

from .conftest import BROKEN, DEAD_END, FIRST_CALL, SMALL, worst_contrast

CASES = {  # the app's options, the keys pressed, and the screen they lead to (so each case checks what it names)
    "library": ({}, [], "LibraryScreen"),
    "briefing": ({"play_path": FIRST_CALL}, [], "BriefingScreen"),
    "play": ({"play_path": FIRST_CALL}, ["enter", "1"], "PlayScreen"),
    "dead-end": ({"play_path": DEAD_END}, ["enter", "1"], "PlayScreen"),
    "ending": ({"play_path": FIRST_CALL}, ["enter", "2", "space", "enter"], "EndingScreen"),
    "diagnostics": ({"play_path": BROKEN}, [], "DiagnosticsScreen"),
    "help": ({}, ["question_mark"], "HelpScreen"),
    "confirm": ({"play_path": FIRST_CALL}, ["enter", "1", "escape"], "ConfirmDialog"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_high_contrast_text_is_at_least_7_to_1(case: str, make_app, tmp_path) -> None:
    (tmp_path / "settings.json").write_text(
        f'{{"format": "offscript-settings", "version": 1, "theme": "{HIGH_CONTRAST.name}"}}'
    )
    kwargs, keys, screen = CASES[case]
    app = make_app(**kwargs)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert type(app.screen).__name__ == screen
        ratio, text = worst_contrast(app)
        assert ratio >= 7.0, f"{case}: {text!r} has contrast {ratio:.2f}:1"
