"""What you can do now: numbered choices, or Continue, or the ways out of a finished run."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from offscript.tui.widgets.one_click import OneClick


def numbered(number: int, prompt: Content) -> Table:
    """`prompt` after its number, wrapped lines indented under the text rather than the number.

    Textual's Content has no hanging indent, so this is a Rich grid; rich's Text never reads markup,
    so scenario text still shows exactly as written.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{number}.", style="bold"), Text(prompt.plain))
    return grid


class ChoiceList(OneClick, OptionList):
    """An OptionList whose options are numbered; keys 1-9 are handled by the play screen.

    A double click takes one choice: its second click would land on the next decision's options.
    """

    prompts: list[str] = []

    def show(self, options: list[tuple[str, Content]]) -> None:
        """Replace the options with (id, prompt) pairs, numbered from 1, and highlight the first."""
        self.prompts = [prompt.plain for _, prompt in options]  # the options' words, without their layout
        self.clear_options()
        self.add_options(
            [Option(numbered(number, prompt), id=option_id) for number, (option_id, prompt) in enumerate(options, 1)]
        )
        if options:
            self.highlighted = 0
        self.scroll_home(animate=False)

    def option_id_at(self, number: int) -> str | None:
        """The id of the `number`th (1-based) option, or None."""
        if 1 <= number <= self.option_count:
            return self.get_option_at_index(number - 1).id
        return None
