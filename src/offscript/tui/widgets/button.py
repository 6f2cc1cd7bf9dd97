"""The game's button: Textual's Button, styled by offscript.tcss alone.

Textual's Button stylesheet is some 250 lines for every variant, flat style
and ANSI mode, and it is parsed at start-up whenever a button is on the first
screen. The game uses three looks (default, primary, error); offscript.tcss
draws them as Textual does, in a twentieth of the parsing.
"""

from __future__ import annotations

from textual.widgets import Button

from offscript.tui.widgets.one_click import OneClick


class GameButton(OneClick, Button, inherit_css=False):
    """A Button whose styles come from the app's stylesheet (type selector: GameButton).

    A double click presses it once.
    """
