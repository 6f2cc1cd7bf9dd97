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
    """The conversation: customer and narrator lines, your own lines, and notices.

    What one move adds (your line, the reaction, the next node) is shown from
    its first line: when it is taller than the box, the player reads it from
    the top and pages down, rather than landing half-way through a reply.
    """

    can_focus = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._reveal_scheduled = False
        self._latest_move: Line | None = None  # None: show the end

    def on_resize(self) -> None:
        # The terminal or the choices below changed the box, and lines may have rewrapped:
        # show the latest move again. (Textual's anchor() would pin a short conversation to the
        # bottom of the box, and a long move to its end.)
        self.call_after_refresh(self._show_latest_move)

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

    def show_newest(self) -> None:
        """After a rebuild (a resume, a rewind), show the end rather than where the rebuild began."""
        self._latest_move = None

    def _add(self, line: Line) -> Line:
        self.mount(line)
        if not self._reveal_scheduled:  # the first line of this move: show from here once laid out
            self._reveal_scheduled = True
            self._latest_move = line
            self.call_after_refresh(self._reveal)
        return line

    def _reveal(self) -> None:
        self._reveal_scheduled = False
        self._show_latest_move()

    def _show_latest_move(self) -> None:
        """Its first line at the top of the box, or as far down as the end allows."""
        first = self._latest_move
        if first is None or not first.is_mounted:
            self.scroll_end(animate=False)
        else:
            self.scroll_to_widget(first, top=True, animate=False)
