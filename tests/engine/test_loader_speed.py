"""The loader pauses Python's cycle collector while it works, and always puts it back as it was."""

from __future__ import annotations

import gc
from pathlib import Path

from offscript.engine.loader import collector_paused, load_bytes, load_file

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
        assert not gc.isenabled()
    finally:
        gc.enable()
