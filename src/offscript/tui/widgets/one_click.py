"""A double click is one click: the widgets that act on a click ignore its repeats.

A player who double-clicks a choice means to take it once. The first click
takes it and the screen moves on; the second arrives, as a click with
`chain` 2, on whatever is drawn there now: the next decision's choice, or a
button of the next screen. Buttons and lists that act on a click mix this
in, so the repeat does nothing.
"""

from __future__ import annotations

from textual import events


class OneClick:
    """Mixed in before a Textual widget: clicks after the first of a chain are dropped before it sees them."""

    async def _on_click(self, event: events.Click) -> None:
        if event.chain > 1:
            event.prevent_default()  # the widget's own click handler (select, press) does not run
            event.stop()
