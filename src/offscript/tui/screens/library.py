"""The library: every scenario (built-in, yours, --scenarios folders), broken ones included."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from offscript.library import LibraryEntry, build_library, user_scenarios_dir
from offscript.tui.commands import GameCommand
from offscript.tui.safe import plain, styled

ORIGIN_LABELS = {"built-in": "built-in", "yours": "your folder", "folder": "--scenarios folder"}


def entry_meta(entry: LibraryEntry) -> str:
    parts = [entry.difficulty] if entry.difficulty else []
    if entry.minutes:
        parts.append(f"{entry.minutes} min")
    parts.append(ORIGIN_LABELS.get(entry.origin, entry.origin))
    return " · ".join(parts)


def entry_prompt(entry: LibraryEntry) -> Content:
    """Title and meta, summary, tags: three lines (two for a broken file, with its first error)."""
    if not entry.valid:
        return Content.assemble(
            ("⚠ ", "bold"),
            styled(entry.title, "bold"),
            ("  cannot be played", "bold italic"),
            "\n",
            plain(entry.first_error),
        )
    parts: list[Content | str | tuple[str, str]] = [
        styled(entry.title, "bold"),
        "  ",
        (entry_meta(entry), "italic"),
        "\n",
        plain(entry.summary.strip()),
    ]
    if entry.tags:
        parts += ["\n", ("tags: ", "italic"), plain(", ".join(entry.tags))]
    return Content.assemble(*parts)


def entry_details(entry: LibraryEntry) -> Content:
    lines: list[Content | str | tuple[str, str]] = [styled(entry.title, "bold"), "\n\n"]
    if entry.valid:
        lines += [plain(entry.summary.strip()), "\n\n"]
        lines += [("Difficulty: ", "bold"), plain(entry.difficulty or "—"), "\n"]
        lines += [("Length: ", "bold"), f"about {entry.minutes} min" if entry.minutes else "not given", "\n"]
        lines += [("Tags: ", "bold"), plain(", ".join(entry.tags) or "none"), "\n"]
    else:
        n = entry.error_count
        lines += [(f"This file has {n} error{'s' * (n != 1)}. ", "bold $text-error")]
        lines += ["Open it to see them all with their line numbers.\n\n", plain(entry.first_error), "\n\n"]
    lines += [("From: ", "bold"), ORIGIN_LABELS.get(entry.origin, entry.origin), "\n"]
    lines += [("File: ", "bold"), plain(entry.path)]
    return Content.assemble(*lines)


class LibraryScreen(Screen):
    """Pick a scenario to play."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=True, id="open"),
        Binding("r", "reload", "Reload", id="reload", tooltip="Read the scenario folders again"),
    ]

    def __init__(self, extra_dirs: Sequence[str] = ()) -> None:
        super().__init__()
        self.extra_dirs = list(extra_dirs)
        self.entries: list[LibraryEntry] = []
        self.reload_entries()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble(("Your own scenarios folder: ", "bold"), plain(str(user_scenarios_dir()))),
            id="library-folder",
        )
        with Horizontal(id="library-body"):
            yield OptionList(id="scenarios")
            with VerticalScroll(id="library-details"):
                yield Static(id="details-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Scenario library"
        self.query_one("#scenarios", OptionList).border_title = "Scenarios"
        self.query_one("#library-details").border_title = "Details"
        self.show_entries()

    def reload_entries(self) -> None:
        try:
            self.entries = build_library(self.extra_dirs)
        except Exception:  # never let a folder problem break the game
            self.entries = []

    def show_entries(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.entries:
            options.add_option(
                Option(
                    Content.assemble(
                        ("No scenarios found.", "bold"),
                        "\nPut .yaml scenario files in your folder (above), or start with --scenarios DIR.",
                    ),
                    id="none",
                    disabled=True,
                )
            )
            self.query_one("#details-text", Static).update("")
            return
        items: list[Option | None] = []
        for number, entry in enumerate(self.entries):
            if number:
                items.append(None)
            items.append(Option(entry_prompt(entry), id=f"entry-{number}"))
        options.add_options(items)
        options.highlighted = min(highlighted or 0, len(self.entries) - 1)
        options.focus()

    def _entry(self, option_id: str | None) -> LibraryEntry | None:
        if not option_id or not option_id.startswith("entry-"):
            return None
        return self.entries[int(option_id.removeprefix("entry-"))]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entry(event.option_id)
        if entry is not None:
            self.query_one("#details-text", Static).update(entry_details(entry))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self._entry(event.option_id)
        if entry is not None:
            self.app.open_scenario(entry.path)  # type: ignore[attr-defined]

    def action_open(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is not None:
            options.action_select()

    def action_reload(self) -> None:
        self.reload_entries()
        self.show_entries()
        self.notify(f"{len(self.entries)} scenario(s) found", timeout=2, markup=False)

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Reload the library", "Read the scenario folders again", self.action_reload)
        for entry in self.entries:
            if entry.valid:
                yield GameCommand(
                    f"Play: {entry.title}",
                    "Open this scenario's briefing",
                    lambda path=entry.path: self.app.open_scenario(path),  # type: ignore[attr-defined]
                )
