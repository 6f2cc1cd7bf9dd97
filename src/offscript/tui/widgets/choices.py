"""What you can do now: numbered choices, or Continue, or the ways out of a finished run."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ChoiceList(OptionList):
    """An OptionList whose options are numbered; keys 1-9 are handled by the play screen."""

    def show(self, options: list[tuple[str, Content]]) -> None:
        """Replace the options with (id, prompt) pairs, numbered from 1, and highlight the first."""
        self.clear_options()
        self.add_options(
            [
                Option(Content.assemble((f"{number}. ", "bold"), prompt), id=option_id)
                for number, (option_id, prompt) in enumerate(options, 1)
            ]
        )
        if options:
            self.highlighted = 0
        self.scroll_home(animate=False)

    def option_id_at(self, number: int) -> str | None:
        """The id of the `number`th (1-based) option, or None."""
        if 1 <= number <= self.option_count:
            return self.get_option_at_index(number - 1).id
        return None
