"""No ESC or BEL from outside data reaches a terminal or an export, even when the loader never saw it.

A scenario built with control characters in every text (as a damaged cache
entry or a hand-built model could carry them), a file name holding an escape
sequence, and the exports of a run through such a scenario.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.engine.loader import load_file
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.result import LoadResult
from offscript.engine.safe_text import safe
from offscript.engine.transcript import build_transcript
from offscript.render.html import to_html
from offscript.render.markdown import to_markdown
from offscript.storage.export import write_exports

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIRST_CALL = FIXTURES / "first-call.yaml"
EVIL = "\x1b[2J\x1b]52;c;aGk=\x07\x9b31m\x1b]0;owned\x07<script>alert(1)</script>"
UNSAFE = ("\x1b", "\x07", "\x9b")


def hostile_scenario() -> Scenario:
    """first-call.yaml with control characters (and a script tag) appended to every text."""
    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None

    def bad(text: str) -> str:
        return text + EVIL

    nodes = {}
    for node_id, node in scenario.nodes.items():
        choices = tuple(dataclasses.replace(c, text=bad(c.text), feedback=bad(c.feedback)) for c in node.choices)
        ending = node.ending and dataclasses.replace(node.ending, title=bad(node.ending.title), debrief=bad("Why."))
        nodes[node_id] = dataclasses.replace(
            node, text=bad(node.text), mood=bad(node.mood), choices=choices, ending=ending
        )
    characters = {k: dataclasses.replace(c, name=bad(c.name), role=bad(c.role)) for k, c in scenario.characters.items()}
    return dataclasses.replace(
        scenario, title=bad(scenario.title), briefing=bad(scenario.briefing), nodes=nodes, characters=characters
    )


def assert_clean(*outputs: str) -> None:
    for output in outputs:
        assert not any(character in output for character in UNSAFE), repr(output[:200])


def test_the_helper_shows_each_control_character_visibly() -> None:
    assert safe("a\x1b[2Jb\x07c\x00d\x7fe\x9bf\ud800") == "a\u241b[2Jb\u2407c\u2400d\u2421e\ufffdf\ufffd"
    assert safe("line\n\tnext") == "line\n\tnext" and safe("line\n\tnext", one_line=True) == "line\u240a\u2409next"
    text = "plain text, untouched"
    assert safe(text) is text


def test_run_prints_no_control_character(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    scenario = hostile_scenario()
    monkeypatch.setattr("offscript.engine.loader.load_file", lambda path: LoadResult(str(path), scenario, []))
    assert main(["run", str(FIRST_CALL), "--choices", "1"]) == 0
    out, err = capfd.readouterr()
    assert_clean(out, err)
    assert "\u241b[2J" in out and "Mara Jensen" in out  # shown, visibly
    assert main(["run", str(FIRST_CALL), "--choices", "1,9"]) == 1  # the error lists the texts on offer
    assert main(["run", str(FIRST_CALL)]) == 3  # the choices on offer
    assert_clean(*capfd.readouterr())


def test_a_file_name_with_an_escape_sequence_is_shown_safely(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    named = folder / "x\x1b]0;owned\x07\x1b[2J.yaml"
    named.write_text("offscript: 1\nid: [unclosed\n")
    for argv in (
        ["validate", str(named)],
        ["validate", str(folder)],
        ["validate", "--json", str(named)],
        ["list", "--scenarios", str(folder)],
        ["list", "--json", "--scenarios", str(folder)],
        ["run", str(named)],
        ["analyze", str(named)],
        ["run", str(folder / "missing\x1b[2J.yaml")],
        ["play", "no-such-id\x1b[2J", "--scenarios", str(folder)],
    ):
        main(argv)
        out, err = capfd.readouterr()
        assert_clean(out, err)
        assert "\u241b" in out + err or "\\u001b" in out + err, argv


def test_exports_hold_no_control_character_and_no_raw_html(tmp_path: Path) -> None:
    scenario = hostile_scenario()
    run = Playthrough.start(scenario).choose(0).read_on()
    transcript = build_transcript(scenario, [(s.node, s.choice) for s in run.state.steps])
    markdown = to_markdown(transcript, run.state.scores, None, meta="Played \x1b[2J today")
    page = to_html(transcript, run.state.scores, None)
    written = write_exports(tmp_path, scenario.id, {"md": markdown, "html": page})
    for path in written:
        assert_clean(path.read_text(encoding="utf-8"))
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_markdown_keeps_ordinary_text_readable() -> None:
    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None
    changed = dataclasses.replace(scenario, title="Fish & chips <for two>")
    transcript = build_transcript(changed, [])
    markdown = to_markdown(transcript, {}, None)
    assert markdown.startswith("# Fish &amp; chips &lt;for two&gt;\n")


def test_json_output_escapes_control_characters(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    named = tmp_path / "y\x1b[2J.yaml"
    named.write_text("offscript: 1\n")
    assert main(["validate", "--json", str(named)]) == 1
    out, _ = capfd.readouterr()
    assert_clean(out)
    assert json.loads(out)[0]["path"] == str(named)
