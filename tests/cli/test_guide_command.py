"""`offscript guide`: the facilitator's printable guide, and the endings each option can lead to, worked out exactly."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.engine.loader import load_bytes, load_file
from offscript.engine.option_endings import option_endings

ROOT = Path(__file__).resolve().parents[2]
FORMAT_11 = ROOT / "tests" / "fixtures" / "format-11.yaml"
HUB = ROOT / "tests" / "fixtures" / "review" / "hub.yaml"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def guide(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["guide", *args]) == 0
    return capsys.readouterr().out


def test_the_endings_each_option_can_lead_to_are_exact() -> None:
    scenario = load_file(HUB).scenario
    assert scenario is not None
    led = option_endings(scenario)
    assert led is not None
    assert led[("offer", 0)] == ["lost"] and led[("offer", 1)] == ["kept"] and led[("offer", 2)] == ["lost"]
    assert led[("hub", 3)] == ["kept", "lost"]  # moving on wins only once the display question was asked
    never = load_bytes(HUB.read_bytes().replace(b"if: knows_cause", b"if: knows_cause and not knows_cause"), "h.yaml")
    assert never.scenario is not None
    led = option_endings(never.scenario)
    assert led is not None and ("offer", 1) not in led  # never on offer
    assert led[("hub", 0)] == ["lost"]
    assert option_endings(scenario, max_states=2) is None


def test_markdown_has_the_material_the_options_and_where_they_lead(capsys: pytest.CaptureFixture[str]) -> None:
    text = guide(capsys, str(FORMAT_11))
    assert text.startswith("# The Late Delivery: facilitator's guide")
    assert "- Acknowledge the problem before explaining it." in text and "- Own the mistake" in text
    assert "20 minutes in class with discussion" in text
    assert "1 (`own-it`). Say it is your mistake and what you will do today." in text
    assert "   - Scores: Ownership +2" in text and "   - Can lead to: success: Kept (kept)" in text
    assert "   - Can lead to: failure: Lost (lost)" in text
    assert "> Listen for who takes the blame." in text
    assert (
        "- if apologised and trust &gt;= 3: on to `kept`" in text
    )  # shown as >= wherever Markdown renders and "- otherwise: on to `lost`" in text
    assert text.index("### `call`") < text.index("### `decide`") < text.index("### `kept`")


def test_versions_of_one_ending_are_one_entry_where_an_option_can_lead(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "scenarios" / "purchase-manager.yaml"  # its endings come in versions that name the player's moves
    scenario = load_file(path).scenario
    assert scenario is not None
    titles: dict[tuple[str, str], list[str]] = {}
    for node in scenario.nodes.values():
        if node.ending is not None:
            titles.setdefault((node.ending.outcome, node.ending.title), []).append(node.id)
    groups = [ids for ids in titles.values() if len(ids) > 1]
    assert groups  # the scenario still has versions to group
    page = guide(capsys, str(path))
    leads = [line for line in page.splitlines() if line.startswith("   - Can lead to: ")]
    assert leads
    for line in leads:  # each title once per option, whether one version can follow it or several
        assert all(line.count(f"{outcome}: {title} (") <= 1 for outcome, title in titles)
        assert all(sum(f"({ending_id})" in line for ending_id in ids) <= 1 for ids in groups)
    shared = {ending_id for ids in groups for ending_id in ids}
    assert any(re.search(r"success: [^;(]+ \(\d+ versions\)", line) for line in leads)
    assert all(f"### `{ending_id}` (ending)" in page for ending_id in shared)  # the story still tells each one


def test_every_shipped_scenario_has_a_guide_with_every_decision(capsys: pytest.CaptureFixture[str]) -> None:
    for path in SHIPPED:
        scenario = load_file(path).scenario
        assert scenario is not None
        text = guide(capsys, str(path))
        page = guide(capsys, str(path), "--format", "html")
        for node in scenario.nodes.values():
            assert f"### `{node.id}`" in text
            if node.discuss:
                assert "**Discuss:**" in text
        assert "never on offer" not in text or "not reachable" in text
        checker = TagBalance()
        checker.feed(page)
        assert checker.open == [], path


def test_html_escapes_hostile_text_and_markdown_cannot_be_broken_by_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = FORMAT_11.read_text().replace(
        "Listen for who takes the blame.", "'# <script>alert(1)</script> | `tick` & \" onmouseover=x'"
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile)
    page = guide(capsys, str(path), "--format", "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page
    text = guide(capsys, str(path))
    assert "<script>" not in text
    assert not any(line.startswith("#") and "alert" in line for line in text.splitlines())


def test_output_file_the_library_id_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "guide.html"
    assert main(["guide", str(FORMAT_11), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!doctype html>")
    assert "facilitator's guide" in guide(capsys, "car-dealership").splitlines()[0]  # an id from the library
    assert main(["guide", str(FORMAT_11), "-o", str(tmp_path / "no" / "such" / "g.md")]) == 2
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["guide", str(FORMAT_11), "--format", "pdf"])
    assert exited.value.code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text(FORMAT_11.read_text().replace("goto: decide", "goto: nowhere"))
    assert main(["guide", str(broken)]) == 1


class TagBalance(HTMLParser):
    """Every tag the page opens is closed (void elements aside)."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()
