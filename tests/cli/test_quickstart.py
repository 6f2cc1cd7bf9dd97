"""The trainers' quick start is linked, and what it shows is what the commands really do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offscript.cli import BY_NAME, main

ROOT = Path(__file__).parents[2]
QUICKSTART = ROOT / "scenarios" / "QUICKSTART.md"


def test_the_quick_start_is_linked_from_the_readme_and_the_top_of_the_guide() -> None:
    assert "(scenarios/QUICKSTART.md)" in (ROOT / "README.md").read_text()
    guide_top = (ROOT / "scenarios" / "README.md").read_text()[:1500]
    assert "(QUICKSTART.md)" in guide_top


def test_every_command_it_names_exists_and_watch_is_only_announced(capsys: pytest.CaptureFixture[str]) -> None:
    text = QUICKSTART.read_text()
    present = "\n\n".join(paragraph for paragraph in text.split("\n\n") if "Coming" not in paragraph)
    named = set(re.findall(r"offscript ([a-z]+)", present))
    assert named >= {"new", "validate", "play", "schema"}
    assert named <= set(BY_NAME)  # a command not there yet is mentioned only as coming
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    if "--watch" not in capsys.readouterr().out:
        assert all("Coming" in paragraph for paragraph in text.split("\n\n") if "--watch" in paragraph)


def test_its_example_message_is_what_validate_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = re.search(r"^(price-talk\.yaml:\d+:\d+: error: goto '(\w+)' .*'(\w+)'.*)$", QUICKSTART.read_text(), re.M)
    assert shown, "the quick start shows no validate message"
    path = tmp_path / "price-talk.yaml"
    assert main(["new", str(path), "--title", "The price talk"]) == 0
    typo, meant = shown[2], shown[3]
    path.write_text(path.read_text().replace(f"goto: {meant}\n", f"goto: {typo}\n", 1))
    capsys.readouterr()
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.strip() == f"{tmp_path}/{shown[1]}"
