"""The conversation so far: a scrolling column of lines, each with its speaker."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from offscript.engine.model import Node, Scenario
from offscript.tui.safe import plain, styled


def speaker_heading(scenario: Scenario, node: Node) -> Content | None:
    """'Mara Jensen · Purchase manager · impatient' for a character, None for the narrator."""
    if node.speaker == "narrator":
        return None
    character = scenario.character(node.speaker)
    parts: list[Content | str | tuple[str, str]] = [styled(character.name or node.speaker, "bold")]
    if character.role:
        parts += [" · ", plain(character.role)]
    if node.mood:
        parts += [" · ", ("mood:\u00a0", "italic"), styled(node.mood, "italic")]  # no break after "mood:"
    return Content.assemble(*parts)


class Line(Static):
    """One entry in the transcript."""

    DEFAULT_CSS = """
    Line { height: auto; }
    """


class Transcript(VerticalScroll):
    """The conversation: customer and narrator lines, your own lines, and notices."""

    can_focus = True

    def on_resize(self) -> None:
        # Lines rewrap to the new width; keep the newest one in view. (Textual's anchor() would
        # do this too, but it also pins a short conversation to the bottom of the box.)
        self.call_after_refresh(self.scroll_end, animate=False)

    def add_node(self, scenario: Scenario, node: Node, text: str) -> Line:
        heading = speaker_heading(scenario, node)
        if heading is None:
            line = Line(plain(text.strip()), classes="narrator")
        else:
            kind = "player" if node.speaker == "you" else "speaker"
            line = Line(Content.assemble(heading, "\n", plain(text.strip())), classes=kind)
        return self._add(line)

    def add_player(self, text: str) -> Line:
        return self._add(Line(Content.assemble(("You", "bold"), "\n", plain(text.strip())), classes="player"))

    def add_notice(self, text: str) -> Line:
        return self._add(Line(plain(text), classes="notice"))

    def _add(self, line: Line) -> Line:
        self.mount(line)
        self.call_after_refresh(self.scroll_end, animate=False)
        return line
