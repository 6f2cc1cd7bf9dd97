"""The library's sources: two files with one id (which is offered, and why, at the id line), and the file
that `offscript play FILE` opened, listed after Escape and read again with `r`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.library import resolve_target
from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.diagnostics import DiagnosticsScreen
from offscript.tui.screens.library import LibraryScreen

from .conftest import FOLLOW_UP, LIBRARY, ROOT, SMALL, screen_text, widget_text

BUILT_IN = LIBRARY / "first-call.yaml"


def copy_into_your_folder(isolated: Path) -> Path:
    """A trainer's copy of the built-in 'first-call', id unchanged, title changed."""
    mine = isolated / "scenarios" / "my-call.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text((ROOT / BUILT_IN).read_text().replace("title: The First Call", "title: My Own Call"))
    return mine


def id_line(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("id:"))


async def test_your_copy_of_a_built_in_is_offered_and_the_built_in_says_why_at_its_id_line(
    make_app, isolated: Path
) -> None:
    mine = copy_into_your_folder(isolated)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        [built_in] = [e for e in library.entries if e.path == str(BUILT_IN)]
        [copy] = [e for e in library.entries if e.path == str(mine)]
        assert copy.valid and copy.title == "My Own Call" and not built_in.valid
        where = f"{BUILT_IN}:{id_line(ROOT / BUILT_IN)}:5: error: id 'first-call' is also used by {mine}"
        assert built_in.first_error.startswith(where)
        assert "(your folder comes before the built-in scenarios)" in built_in.first_error
        assert built_in.first_error.endswith("[OS600]")
        assert str(BUILT_IN) in copy.note and "your folder comes before the built-in scenarios" in copy.note
        text = " ".join(screen_text(app).split())
        assert "The First Call cannot be played" in text and "[OS600]" in text
        library.highlighted_path = str(mine)
        library.show_entries()
        await pilot.pause()
        assert "Offered instead of another file" in widget_text(app, "#details-text")
        library.highlighted_path = str(BUILT_IN)
        library.show_entries()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)  # not its briefing: the library does not offer it
        shown = widget_text(app, ".diagnostic")
        assert where in shown and "id: first-call\n" in shown and "      |     ^" in shown


def test_list_and_play_id_choose_what_the_library_offers(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = copy_into_your_folder(isolated)
    assert resolve_target("first-call") == str(mine)
    assert main(["list", "--json"]) == 0
    listed = {
        (item["path"], item["valid"]) for item in json.loads(capsys.readouterr().out) if item["id"] == "first-call"
    }
    assert listed == {(str(mine), True), (str(BUILT_IN), False)}


def test_a_scenarios_folder_comes_before_yours_and_one_folder_offers_its_first_file(
    isolated: Path, tmp_path: Path
) -> None:
    from offscript.library import build_library

    mine = copy_into_your_folder(isolated)
    extra = tmp_path / "extra"
    extra.mkdir()
    for name in ("b.yaml", "a.yaml"):
        (extra / name).write_text(mine.read_text())
    by_path = {e.path: e for e in build_library([extra])}
    assert by_path[str(extra / "a.yaml")].valid
    assert "in one folder, the first file by name comes first" in by_path[str(extra / "b.yaml")].first_error
    assert "a --scenarios folder comes before your folder" in by_path[str(mine)].first_error
    assert "the built-in scenarios" in by_path[str(BUILT_IN)].first_error
    assert resolve_target("first-call", [str(extra)]) == str(extra / "a.yaml")


async def test_after_play_file_escape_lists_that_file_and_r_reads_it_again(make_app, tmp_path: Path) -> None:
    draft = tmp_path / "drafts" / "draft.yaml"  # outside every folder the library reads
    draft.parent.mkdir()
    draft.write_text((ROOT / FOLLOW_UP).read_text())
    app = make_app(play_path=str(draft))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        [entry] = [e for e in library.entries if e.path == str(draft)]
        assert entry.opened and entry.origin == "opened" and entry.valid
        assert library.highlighted_path == str(draft)  # the cursor is on it
        assert "opened from the command line" in screen_text(app) and "this file" in screen_text(app)
        draft.write_text(draft.read_text().replace(f"title: {entry.title}", "title: Edited By The Trainer"))
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        [edited] = [e for e in library.entries if e.path == str(draft)]
        assert edited.title == "Edited By The Trainer"
        assert "Edited By The Trainer" in screen_text(app)
        draft.write_text("offscript: 1\nid: [oops\n")
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        [broken] = [e for e in library.entries if e.path == str(draft)]
        assert not broken.valid and broken.first_error.endswith("[OS104]") and broken.opened


async def test_play_of_a_file_inside_a_folder_lists_it_once_marked_as_opened(make_app) -> None:
    app = make_app(play_path=str(BUILT_IN))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert [e.path for e in library.entries].count(str(BUILT_IN)) == 1
        [entry] = [e for e in library.entries if e.path == str(BUILT_IN)]
        assert entry.opened and entry.origin == "built-in"
        assert "built-in, opened from the command line" in screen_text(app)
