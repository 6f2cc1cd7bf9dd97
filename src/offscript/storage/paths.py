"""Where Offscript keeps the learner's data.

The platformdirs user data folder by default; `OFFSCRIPT_DATA_DIR` (or the
command line's `--data-dir`, which sets it) overrides it for classrooms,
portable use and tests.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "OFFSCRIPT_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("offscript", appauthor=False)


def exports_dir() -> Path:
    return data_dir() / "exports"


def user_scenarios_dir() -> Path:
    return data_dir() / "scenarios"
