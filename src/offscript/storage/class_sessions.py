"""Class sessions in progress, one file per scenario: `DATA/classroom/SCENARIO-ID.json`, written after every step.

A classroom's laptop can be closed, crash or be killed at any moment, and the
class must come back at the same step with its votes. Each step rewrites the
file atomically (the old file or the new one, whole). The content is the class
session's own plain data (`ClassSession.to_json`) inside the usual envelope
(`format`, `version`); a file that is not one is moved aside, never deleted.
The session's own reader checks the content against the scenario.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from offscript.storage.files import StorageError, read_json, write_json_atomic

FORMAT = "offscript-class-session"
VERSION = 1
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")


class ClassSessionStore:
    """The data folder's `classroom/` files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "classroom"

    def path(self, scenario_id: str) -> Path:
        return self.folder / f"{_SAFE_NAME.sub('_', scenario_id)[:100]}.json"

    def write(self, scenario_id: str, session: dict[str, Any], durable: bool = True) -> None:
        """Save a session; StorageError when the folder cannot be written."""
        document = {"format": FORMAT, "version": VERSION, "session": session}
        write_json_atomic(self.path(scenario_id), document, durable)

    def read(self, scenario_id: str) -> tuple[dict[str, Any] | None, str]:
        """The saved session's data (None when there is none) and a one-line problem (the file moved aside)."""
        result = read_json(self.path(scenario_id), FORMAT, (VERSION,))
        session = result.data.get("session") if isinstance(result.data, dict) else None
        if result.data is not None and not isinstance(session, dict):
            return None, f"the class session for '{scenario_id}' has no session in it; it was ignored"
        return session, result.problem

    def discard(self, scenario_id: str) -> None:
        try:
            self.path(scenario_id).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot remove {self.path(scenario_id)}: {exc.strerror or exc}") from None
