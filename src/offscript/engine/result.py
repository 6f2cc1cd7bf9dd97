"""What loading a scenario file produced, in a module of its own.

It is kept apart from the loader so that the game can rebuild a result from
its cache without importing the loader, and with it the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from offscript.engine.diagnostics import Diagnostic, has_errors
from offscript.engine.model import Scenario

if TYPE_CHECKING:  # not imported at run time: a cache hit rebuilds a result without the analysis code
    from offscript.engine.analysis import Analysis


@dataclass
class LoadResult:
    """What loading a file produced: the scenario (None on errors) and all diagnostics."""

    path: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    analysis: Analysis | None = None  # when the scenario loaded and was analysed

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]
