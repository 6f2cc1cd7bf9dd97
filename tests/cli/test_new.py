"""`offscript new`: a starter that uses every part of the format, validates clean, and never replaces a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.cli import main
from offscript.engine.loader import load_file
from offscript.engine.model import Check, Scenario
from offscript.engine.playthrough import Playthrough


def play_check(scenario: Scenario, check: Check) -> Playthrough:
    """Play a check by the game's own rules (what `playtest` will do): ids and numbers among the choices offered."""
    assert check.start == scenario.start and not check.set
    run = Playthrough.start(scenario)
    for step in check.take:
        while run.node.kind == "next":
            run = run.advance()
        offered = run.offered()
        numbers = [n for n, (_, c) in enumerate(offered, 1) if c.id == step] if isinstance(step, str) else [step]
        assert len(numbers) == 1 and 1 <= numbers[0] <= len(offered), f"{check.name}: {step} not offered"
        run = run.pick(numbers[0])
    while run.node.kind == "next":
        run = run.advance()
    return run


def test_new_writes_a_starter_that_validates_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Price Talk_2.yaml"
    assert main(["new", str(path), "--title", 'The price talk: "Ilse" #2']) == 0
    assert "wrote" in capsys.readouterr().out
    result = load_file(path)
    assert result.diagnostics == []
    assert result.scenario is not None
    assert (result.scenario.id, result.scenario.title) == ("price-talk-2", 'The price talk: "Ilse" #2')
    assert path.read_text().startswith("# yaml-language-server: $schema=offscript.schema.json\n")
    assert main(["validate", str(path)]) == 0


def test_without_a_title_it_comes_from_the_file_name(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "angry-buyer.yml")]) == 0
    scenario = load_file(tmp_path / "angry-buyer.yml").scenario
    assert scenario is not None and (scenario.id, scenario.title) == ("angry-buyer", "Angry buyer")


def test_the_starter_uses_every_part_of_the_format_once(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "start.yaml")]) == 0
    scenario = load_file(tmp_path / "start.yaml").scenario
    assert scenario is not None
    nodes = scenario.nodes.values()
    choices = [choice for node in nodes for choice in node.choices]
    assert scenario.characters and scenario.facilitator is not None and scenario.facilitator.goals
    assert any(v.min is not None and v.max is not None and v.show for v in scenario.variables.values())
    assert {node.kind for node in nodes} == {"choices", "next", "branch", "ending"}
    assert {node.ending.outcome for node in nodes if node.ending} == {"success", "partial", "failure"}
    assert any(node.discuss for node in nodes) and any(node.notes for node in nodes)
    assert any(c.condition for c in choices) and any(c.once for c in choices)
    assert any(c.set for c in choices) and any(c.add for c in choices) and all(c.feedback and c.score for c in choices)
    assert all(c.id for c in choices) and scenario.checks


def test_the_starters_checks_pass_by_the_rules(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "start.yaml")]) == 0
    scenario = load_file(tmp_path / "start.yaml").scenario
    assert scenario is not None and len(scenario.checks) >= 1
    for check in scenario.checks:
        run = play_check(scenario, check)
        assert run.ending is not None, check.name
        expect = check.expect
        assert expect.ending in ("", run.node.id) and expect.outcome in (None, run.ending.outcome), check.name
        assert all(c.holds(run.state.scores[name]) for name, c in expect.scores.items()), check.name


def test_new_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own work\n")
    assert main(["new", str(path)]) == 2
    assert path.read_text() == "my own work\n"
    assert "already exists" in capsys.readouterr().err


def test_new_does_not_write_through_a_dangling_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    (tmp_path / "link.yaml").symlink_to(target)
    assert main(["new", str(tmp_path / "link.yaml")]) == 2
    assert not target.exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing/folder/x.yaml", "the folder"),
        ("notes.txt", "must end in .yaml or .yml"),
        ("___.yaml", "gives no id"),
    ],
)
def test_a_bad_path_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, words: str
) -> None:
    assert main(["new", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert list(tmp_path.rglob("*")) == []


def test_a_folder_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seal
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    read_only = seal(folder)  # a read-only mount for root, whom permissions do not stop
    assert main(["new", str(read_only / "x.yaml")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("title", ["", "  ", "two\nlines", "bell\x07"])
def test_a_title_that_is_not_one_line_of_words_is_refused(tmp_path: Path, title: str) -> None:
    assert main(["new", str(tmp_path / "x.yaml"), "--title", title]) == 2
    assert not (tmp_path / "x.yaml").exists()


def test_notes_and_facilitator_material_never_reach_what_the_player_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "start.yaml"
    assert main(["new", str(path)]) == 0
    scenario = load_file(path).scenario
    assert scenario is not None and scenario.facilitator is not None
    hidden = [node.notes for node in scenario.nodes.values() if node.notes]
    hidden += [scenario.facilitator.notes, *scenario.facilitator.goals, *scenario.facilitator.principles]
    capsys.readouterr()
    assert main(["run", str(path), "--choices", "1,1,2"]) == 0
    transcript = capsys.readouterr().out
    assert "Ilse" in transcript
    assert [text for text in hidden if text.strip().splitlines()[0] in transcript] == []
