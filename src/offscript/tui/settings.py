"""The player's settings: a small JSON file in Offscript's data folder.

Reading never fails: a missing file gives the defaults, and a file that cannot
be read is moved aside untouched (reported in one line) rather than overwritten
later. Writing goes through the storage layer, so it is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from offscript.storage import shapes
from offscript.storage.files import StorageError, read_json, write_json_atomic
from offscript.storage.paths import data_dir

DEFAULT_THEME = "offscript-dark"
SETTINGS_FORMAT = "offscript-settings"
SETTINGS_VERSION = 1
SETTINGS_SHAPE = shapes.record({}, {"theme": (shapes.text(64), DEFAULT_THEME)})


def settings_path() -> Path:
    return data_dir() / "settings.json"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    problem: str = ""  # a one-line report when the file could not be read (it was moved aside)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        result = read_json(path or settings_path(), SETTINGS_FORMAT, (SETTINGS_VERSION,), SETTINGS_SHAPE)
        if result.data is None:
            return cls(problem=result.problem)
        return cls(theme=result.data["theme"] or DEFAULT_THEME)

    def save(self, path: Path | None = None) -> bool:
        """Write the settings; False (never an exception) when the folder is not writable."""
        data = {"format": SETTINGS_FORMAT, "version": SETTINGS_VERSION, "theme": self.theme}
        try:
            write_json_atomic(path or settings_path(), data)
        except StorageError:
            return False
        return True
