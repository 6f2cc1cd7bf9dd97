"""Meters: the three scores and every variable the scenario shows (`show: true`)."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget

from offscript.engine.model import SCORE_LABELS, SCORES, Scenario
from offscript.tui.safe import plain


def bar(fraction: float, width: int) -> str:
    """A bar of `width` cells, `fraction` (0..1) of it filled."""
    width = max(width, 1)
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


class Meter(Widget):
    """A labelled value; with a known range, a bar and the range under it."""

    DEFAULT_CSS = """
    Meter { height: auto; }
    """

    def __init__(
        self, label: str, value: int | bool, low: int | None, high: int | None, *, signed: bool, id: str
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.value = value
        self.low = low
        self.high = high
        self.signed = signed
        self.range_width = len(max(self.range_labels(), key=len))

    def range_labels(self) -> tuple[str, str]:
        """The ends of the bar as shown: signed for scores ("-5", "+7"), plain for variables."""
        if self.low is None or self.high is None:
            return "", ""
        return (f"{self.low:+d}", f"{self.high:+d}") if self.signed else (str(self.low), str(self.high))

    def set_value(self, value: int | bool) -> None:
        if value != self.value:
            self.value = value
            self.refresh(layout=True)

    def shown_value(self) -> str:
        if isinstance(self.value, bool):
            return "yes" if self.value else "no"
        return f"{self.value:+d}" if self.signed else str(self.value)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return len(self._lines(width))

    def _lines(self, width: int) -> list[Content]:
        value = self.shown_value()
        label = plain(self.label).truncate(max(width - len(value) - 1, 1), ellipsis=True)
        gap = max(width - label.cell_length - len(value), 1)
        lines = [Content.assemble(label, " " * gap, (value, "bold"))]
        if self.low is not None and self.high is not None and self.high > self.low and not isinstance(self.value, bool):
            fraction = (int(self.value) - self.low) / (self.high - self.low)
            low, high = self.range_labels()
            side = self.range_width
            bar_width = max(width - 2 * side - 2, 4)
            lines.append(
                Content.assemble(f"{low:>{side}}", " ", (bar(fraction, bar_width), "$primary"), " ", f"{high:<{side}}")
            )
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width or 20))


class Meters(Vertical):
    """All meters of a run; score meters can be hidden (assessment mode)."""

    def __init__(
        self,
        scenario: Scenario,
        score_range: Mapping[str, tuple[int | None, int | None] | None],
        *,
        show_scores: bool,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.score_range = score_range
        self.show_scores = show_scores

    def compose(self) -> ComposeResult:
        meters = []
        if self.show_scores:
            for name in SCORES:
                span = self.score_range.get(name)
                low, high = span if span else (None, None)
                meters.append(Meter(SCORE_LABELS[name], 0, low, high, signed=True, id=f"meter-{name}"))
        for variable in self.scenario.shown_variables:
            meters.append(
                Meter(
                    variable.label or variable.name,
                    variable.initial,
                    variable.min,
                    variable.max,
                    signed=False,
                    id=f"meter-var-{variable.name}",
                )
            )
        widest = max((meter.range_width for meter in meters), default=0)
        for meter in meters:  # one width for every range label, so that the bars line up
            meter.range_width = widest
        yield from meters

    def on_mount(self) -> None:
        self.border_title = "Scores" if self.show_scores else "Progress"

    def update_values(self, scores: dict[str, int], variables: dict[str, int | bool]) -> None:
        for meter in self.query(Meter):
            assert meter.id is not None
            if meter.id.startswith("meter-var-"):
                meter.set_value(variables.get(meter.id.removeprefix("meter-var-"), meter.value))
            else:
                meter.set_value(scores.get(meter.id.removeprefix("meter-"), 0))
