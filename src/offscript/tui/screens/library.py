"""The library: every scenario (built-in, yours, --scenarios folders), broken ones included."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from offscript.library import LibraryEntry, build_library, user_scenarios_dir
from offscript.storage.history import HistoryEntry, ScenarioRecord
from offscript.tui.commands import GameCommand
from offscript.tui.messages import OpenClassroom, OpenScenario
from offscript.tui.safe import plain, styled
from offscript.tui.screens.base import GameScreen
from offscript.tui.store import GameStore, shown_path
from offscript.tui.widgets.one_click import OneClick
from offscript.tui.widgets.reader import BackgroundRead

ORIGIN_LABELS = {
    "opened": "opened from the command line",
    "built-in": "built-in",
    "yours": "your folder",
    "folder": "--scenarios folder",
}
THIS_FILE = ("  ◂ this file", "bold")  # the file `offscript play FILE` opened


def origin_label(entry: LibraryEntry) -> str:
    """Where the file comes from: 'your folder', or 'your folder, opened from the command line'."""
    label = ORIGIN_LABELS.get(entry.origin, entry.origin)
    return f"{label}, opened from the command line" if entry.opened and entry.origin != "opened" else label


def entry_meta(entry: LibraryEntry) -> str:
    parts = [entry.difficulty] if entry.difficulty else []
    if entry.minutes:
        parts.append(f"{entry.minutes} min")
    parts.append(origin_label(entry))
    return " · ".join(parts)


def result_text(entry: HistoryEntry) -> str:
    """'total +5 (success)': the three scores summed, and the ending's outcome."""
    return f"total {entry.total:+d} ({entry.outcome})"


def results_line(record: ScenarioRecord | None) -> Content:
    """'Best total +5 (success) · last total -1 (failure) · 3 runs', from the history."""
    if record is None:
        return Content("Not played yet")
    runs = record.runs
    return Content.assemble(
        ("Best ", "bold"),
        result_text(record.best),
        " · ",
        ("last ", "bold"),
        result_text(record.last),
        f" · {runs} run{'s' * (runs != 1)}",
    )


UNFINISHED = ("▸ Unfinished run: open it to continue", "bold $text-warning")


def entry_prompt(entry: LibraryEntry, results: ScenarioRecord | None = None, unfinished: bool = False) -> Content:
    """Title and meta, summary, tags, your results, an unfinished run: up to five lines (two for a broken file)."""
    if not entry.valid:
        return Content.assemble(
            ("⚠ ", "bold"),
            styled(entry.title, "bold"),
            ("  cannot be played", "bold italic"),
            THIS_FILE if entry.opened else "",
            "\n",
            plain(entry.first_error),
        )
    parts: list[Content | str | tuple[str, str]] = [
        styled(entry.title, "bold"),
        "  ",
        (entry_meta(entry), "italic"),
        THIS_FILE if entry.opened else "",
        "\n",
        plain(entry.summary.strip()),
    ]
    if entry.tags:
        parts += ["\n", ("tags: ", "italic"), plain(", ".join(entry.tags))]
    if results:
        parts += ["\n", results_line(results)]
    if unfinished:
        parts += ["\n", UNFINISHED]
    return Content.assemble(*parts)


def entry_details(entry: LibraryEntry, results: ScenarioRecord | None = None, unfinished: bool = False) -> Content:
    lines: list[Content | str | tuple[str, str]] = [styled(entry.title, "bold"), "\n\n"]
    if entry.valid:
        lines += [plain(entry.summary.strip()), "\n\n"]
        lines += [("Your results: ", "bold"), results_line(results), "\n"]
        if unfinished:
            lines += [UNFINISHED, "\n"]
        lines += [("Difficulty: ", "bold"), plain(entry.difficulty or "—"), "\n"]
        lines += [("Length: ", "bold"), f"about {entry.minutes} min" if entry.minutes else "not given", "\n"]
        lines += [("Tags: ", "bold"), plain(", ".join(entry.tags) or "none"), "\n"]
    else:
        n = entry.error_count
        lines += [(f"This file has {n} error{'s' * (n != 1)}. ", "bold $text-error")]
        lines += ["Open it to see them all with their line numbers.\n\n", plain(entry.first_error), "\n\n"]
    lines += [("From: ", "bold"), origin_label(entry), "\n"]
    lines += [("File: ", "bold"), plain(entry.path)]
    if entry.note:  # another file has this id: say which, and why this one is offered
        lines += ["\n\n", ("Offered instead of another file: ", "bold $text-warning"), plain(entry.note)]
    return Content.assemble(*lines)


LibraryRead = tuple[list[LibraryEntry], dict[str, ScenarioRecord], set[str], str]


def read_library(store: GameStore, extra_dirs: Sequence[str], opened: Sequence[str] = ()) -> LibraryRead:
    """The scenarios, each one's finished runs, which have an unfinished run, and a problem to report.

    Runs in a worker thread: it reads files and reports nothing itself.
    """
    try:
        entries = build_library(extra_dirs, opened=opened)
    except Exception:  # never let a folder problem break the game
        entries = []
    playable = [entry.id for entry in entries if entry.valid]
    records, problem = store.read_records(playable)
    return entries, records, store.unfinished(playable), problem


class ScenarioList(OneClick, OptionList):
    """The scenarios; a double click opens one once (its second click would land on the briefing)."""


class LibraryScreen(GameScreen):
    """Pick a scenario to play."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=True, id="open", tooltip="Open the scenario"),
        Binding(
            "p",
            "app.progress",
            "Progress",
            id="progress",
            tooltip="Your progress: every attempt and your personal bests",
        ),
        Binding("r", "reload", "Reload", id="reload", tooltip="Read the scenario folders again"),
        Binding("c", "classroom", "Classroom", id="classroom", tooltip="Play the scenario with a class on a projector"),
    ]

    def __init__(self, extra_dirs: Sequence[str] = (), opened: Sequence[str] = ()) -> None:
        """`opened`: the file `offscript play FILE` opened, listed too (from anywhere) and read again on `r`."""
        super().__init__()
        self.extra_dirs = list(extra_dirs)
        self.opened = list(opened)
        self.entries: list[LibraryEntry] = []
        self.results: dict[str, ScenarioRecord] = {}
        self.unfinished: set[str] = set()  # scenario ids with a saved run
        self.highlighted_path = ""  # kept across reloads, which may add, drop or reorder entries
        self.away = False  # another screen covers this one: read the folders again on return

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble(("Your own scenarios folder: ", "bold"), plain(shown_path(user_scenarios_dir()))),
            id="library-folder",
        )
        with Horizontal(id="library-body"):
            yield ScenarioList(Option("Reading the scenario folders…", disabled=True), id="scenarios")
            with VerticalScroll(id="library-details"):
                yield Static(id="details-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Scenario library"
        self.query_one("#scenarios", OptionList).border_title = "Scenarios"
        self.query_one("#library-details").border_title = "Details"
        self.read_in_background()

    def on_screen_suspend(self) -> None:
        self.away = True

    def on_screen_resume(self) -> None:
        """Back from a run: show its result, and any file the trainer fixed or added meanwhile."""
        if self.away:
            self.away = False
            self.read_in_background()  # quick: unchanged scenarios come from the cache

    def read_in_background(self, then: Callable[[], None] | None = None) -> None:
        """Read the folders, the history and the saves in a thread, then show them (and call `then`)."""

        def done(read: LibraryRead) -> None:
            self.entries, self.results, self.unfinished, problem = read
            self.store.report_problem(problem)
            self.show_entries()
            if then is not None:
                then()

        self.mount(BackgroundRead(partial(read_library, self.store, self.extra_dirs, self.opened), done))

    def show_entries(self) -> None:
        options = self.query_one("#scenarios", OptionList)
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
            prompt = entry_prompt(entry, self.results.get(entry.id), entry.id in self.unfinished)
            items.append(Option(prompt, id=f"entry-{number}"))
        options.add_options(items)
        options.highlighted = self._highlight()
        options.focus()

    def _highlight(self) -> int:
        """The entry highlighted before a reload; at first, the file opened from the command line, or the first."""
        paths = [entry.path for entry in self.entries]
        if self.highlighted_path in paths:
            return paths.index(self.highlighted_path)
        return next((n for n, entry in enumerate(self.entries) if entry.opened), 0)

    def _entry(self, option_id: str | None) -> LibraryEntry | None:
        if not option_id or not option_id.startswith("entry-"):
            return None
        return self.entries[int(option_id.removeprefix("entry-"))]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entry(event.option_id)
        if entry is not None:
            self.highlighted_path = entry.path
            details = entry_details(entry, self.results.get(entry.id), entry.id in self.unfinished)
            self.query_one("#details-text", Static).update(details)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self._entry(event.option_id)
        if entry is not None:
            self.request(OpenScenario(entry.path, entry.problems))

    def action_open(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is not None:
            options.action_select()

    def action_classroom(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        entry = (
            self._entry(options.get_option_at_index(options.highlighted).id)
            if options.highlighted is not None
            else None
        )
        if entry is not None:
            self.request(OpenClassroom(entry.path) if entry.valid else OpenScenario(entry.path, entry.problems))

    def action_reload(self) -> None:
        self.read_in_background(lambda: self.notify(f"{len(self.entries)} scenario(s) found", timeout=2, markup=False))

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Reload the library", "Read the scenario folders again", self.action_reload)
        for entry in self.entries:
            if entry.valid:
                yield GameCommand(
                    f"Play: {entry.title}",
                    "Open this scenario's briefing",
                    partial(self.request, OpenScenario(entry.path)),
                )
