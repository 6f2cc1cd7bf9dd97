"""Fixtures the storage tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def loader_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the real loader runs, the path it checked."""
    from offscript.engine import loader

    calls: list[str] = []
    real = loader.load_bytes

    def counted(data: bytes, path: str, *, analyse: bool = True):
        calls.append(path)
        return real(data, path, analyse=analyse)

    monkeypatch.setattr(loader, "load_bytes", counted)
    return calls
