from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.model import Scenario

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(relative: str) -> Scenario:
    result = load_file(FIXTURES / relative)
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    return result.scenario


@pytest.fixture
def hub() -> Scenario:
    return load_fixture("engine/hub.yaml")


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium, for playwright to drive without downloading a browser; the test fails when missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is not installed: install Debian's 'chromium' package (.ci/run does)")
    return found


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test keeps saves, history and the scenario cache in a folder of its own, never the user's."""
    folder = tmp_path / "data"
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def seal(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """`seal(folder)` gives the folder as a read-only file system shows it, even to root.

    For root, whom permissions do not stop, it is a read-only bind mount of the
    folder (undone after the test); for anyone else, the folder and its files lose
    their write permission.
    """
    views: list[Path] = []

    def sealed(folder: Path) -> Path:
        if os.geteuid() != 0:
            for path in (*folder.rglob("*"), folder):
                path.chmod(stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))
            return folder
        view = tmp_path / f"read-only-{len(views)}"
        view.mkdir()
        subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
        views.append(view)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        assert not os.access(view, os.W_OK)
        return view

    yield sealed
    for view in views:
        subprocess.run(["umount", "-l", str(view)], check=False, capture_output=True)
    for path in (*tmp_path.rglob("*"), tmp_path):
        if os.geteuid() != 0 and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
