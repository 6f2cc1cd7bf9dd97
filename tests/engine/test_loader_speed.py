"""The cycle collector is paused by the entry points around heavy loading, never by the engine."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from offscript.collector import paused as collector_paused
from offscript.engine.loader import load_bytes, load_file

FIRST_CALL = Path(__file__).parents[1] / "fixtures" / "first-call.yaml"


def test_collector_is_paused_only_while_loading() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert load_file(FIRST_CALL).ok
    assert not load_bytes(b"\xff\xfe not utf-8", "bad.yaml").ok
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        load_file(FIRST_CALL)
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_engine_leaves_the_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine is a library: process-wide state such as the collector is its callers' to set."""
    touched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: touched.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: touched.append("enable"))
    assert load_file(FIRST_CALL).ok
    assert touched == []


def test_validate_pauses_the_collector_while_it_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    from offscript.cli import main
    from offscript.engine import loader

    seen: list[bool] = []
    real = loader.load_file

    def watched(path, **options):
        seen.append(gc.isenabled())
        return real(path, **options)

    monkeypatch.setattr(loader, "load_file", watched)
    assert main(["validate", str(FIRST_CALL)]) == 0
    assert seen == [False] and gc.isenabled()
