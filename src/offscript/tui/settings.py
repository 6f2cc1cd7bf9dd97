"""The player's settings: a small JSON file in Offscript's data folder.

Reading never fails (a missing or broken file gives the defaults) and writing
is atomic (a temporary file renamed over the old one), so a crash cannot leave
half a settings file behind.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from offscript.library import data_dir

DEFAULT_THEME = "offscript-dark"


def settings_path() -> Path:
    return data_dir() / "settings.json"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme")
        return cls(theme=theme if isinstance(theme, str) and theme else DEFAULT_THEME)

    def save(self, path: Path | None = None) -> bool:
        """Write the settings; False (never an exception) when the folder is not writable."""
        import tempfile

        path = path or settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle, indent=2)
                handle.write("\n")
            os.replace(temporary, path)
        except OSError:
            return False
        return True
