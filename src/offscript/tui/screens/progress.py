"""Your progress: for each scenario and each score, every attempt over time and your personal best."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from offscript.engine.model import SCORE_LABELS, SCORES
from offscript.storage.history import HistoryEntry
from offscript.tui.commands import GameCommand
from offscript.tui.safe import styled
from offscript.tui.screens.base import GameScreen
from offscript.tui.widgets.reader import BackgroundRead


def by_scenario(entries: Iterable[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    """Finished runs grouped by scenario id, each group oldest first (the history's own order)."""
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.scenario_id, []).append(entry)
    return grouped


def day(entry: HistoryEntry) -> str:
    return entry.finished[:10]


def attempts_line(runs: list[HistoryEntry]) -> Content:
    count = len(runs)
    span = day(runs[0]) if day(runs[0]) == day(runs[-1]) else f"{day(runs[0])} to {day(runs[-1])}"
    outcomes = ", ".join(
        f"{n} {outcome}"
        for outcome in ("success", "partial", "failure")
        if (n := sum(r.outcome == outcome for r in runs))
    )
    rewound = sum(r.rewinds > 0 for r in runs)
    text = f"{count} attempt{'s' * (count != 1)}, {span} · {outcomes}"
    if rewound:
        text += f" · {rewound} with rewinds"
    return Content(text)


def score_summary(values: list[int]) -> Content:
    """'first -1 · best +2 · last +1': where you started, your personal best, and where you are now."""
    return Content.assemble(
        "first ",
        f"{values[0]:+d}",
        " · ",
        ("best ", "bold"),
        (f"{max(values):+d}", "bold"),
        " · last ",
        f"{values[-1]:+d}",
    )


SPARK_MAX = 30  # attempts shown; older ones drop off the left
BARS = "▁▂▃▄▅▆▇█"


def bars(values: list[int]) -> Content:
    """One bar per attempt, measured from a frame that always includes zero.

    Equal scores get equal bars, a single attempt is not drawn as a peak, and
    a negative score sits below a positive one (and is coloured as a warning).
    """
    shown = values[-SPARK_MAX:]
    low, high = min(0, *shown), max(0, *shown)
    extent = (high - low) or 1
    return Content.assemble(
        *(
            (BARS[round((v - low) / extent * (len(BARS) - 1))], "$success" if v > 0 else "$warning" if v < 0 else "")
            for v in shown
        )
    )


class ScoreTrend(Horizontal):
    """One score of one scenario: its label, every attempt as a sparkline, the best and the last."""

    DEFAULT_CSS = """
    ScoreTrend { height: 1; }
    ScoreTrend > .label { width: 16; }
    ScoreTrend > .bars { width: auto; min-width: 4; margin-right: 2; }
    ScoreTrend > .summary { width: auto; }
    """

    def __init__(self, name: str, values: list[int], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.score_name = name
        self.values = values

    def compose(self) -> ComposeResult:
        yield Static(Content(SCORE_LABELS[self.score_name]), classes="label")
        yield Static(bars(self.values), classes="bars")
        yield Static(score_summary(self.values), classes="summary")


class ProgressScreen(GameScreen):
    """Every finished attempt at each scenario, read from the history."""

    BINDINGS = [Binding("escape,q", "back", "Back", id="back", tooltip="Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(Static("Reading your history…", id="progress-reading"), id="progress")
        yield Footer()
        yield BackgroundRead(self.store.read_history, self.show_history)

    def show_history(self, read: tuple[list[HistoryEntry], str]) -> None:
        """Every scenario's attempts, once the history has been read."""
        entries, problem = read
        self.store.report_problem(problem)
        runs = by_scenario(entries)
        parts: list[Widget] = []
        if not runs:
            parts.append(
                Static(
                    "No finished playthroughs yet. Play a scenario to its ending and your scores appear here.",
                    id="progress-empty",
                )
            )
        else:
            parts.append(
                Static(
                    Content("Each line is one score; each bar along it is one attempt, oldest on the left."),
                    id="progress-intro",
                )
            )
        for number, attempts in enumerate(runs.values()):
            parts.append(
                Vertical(
                    Static(styled(attempts[-1].title, "bold"), classes="title"),
                    Static(attempts_line(attempts), classes="attempts"),
                    *(ScoreTrend(name, [a.scores.get(name, 0) for a in attempts]) for name in SCORES),
                    classes="progress-scenario",
                    id=f"progress-{number}",
                )
            )
        container = self.query_one("#progress", VerticalScroll)
        with self.app.batch_update():
            self.query_one("#progress-reading").remove()
            container.mount_all(parts)

    def on_mount(self) -> None:
        self.sub_title = "Your progress"
        self.query_one("#progress").focus()

    def action_back(self) -> None:
        self.dismiss()

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Back", "Leave the progress screen", self.action_back)
