"""The one way scenario text reaches the screen: as plain Content, never as markup.

Scenario files are untrusted. Textual markup can run actions (`[@click=app.quit]`)
and a stray `[/` raises, so every string that comes from a scenario (titles,
node text, choices, feedback, names, moods, diagnostics) goes through `plain()`
or `styled()`. Our own labels may be assembled around it with `Content.assemble`,
whose plain-string parts are never parsed as markup either. Control characters
are neutralised too (`offscript.engine.safe_text`): Textual draws text it is
given, and an ESC in it must not reach the terminal as a command.
"""

from __future__ import annotations

from textual.content import Content

from offscript.engine.safe_text import safe


def plain(text: object) -> Content:
    """Untrusted text as Content that shows as written, control characters made visible."""
    return Content(safe(str(text)))


def styled(text: object, style: str) -> Content:
    """Untrusted text with one of our own styles applied to all of it."""
    return Content.styled(safe(str(text)), style)
