"""OS600: a scenario id used by several files, reported in each, at its id, naming the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.duplicates import duplicate_ids, id_position
from offscript.engine.loader import load_file
from tests.engine.test_diagnostics import FIXTURES, expectations

FOLDERS = sorted(p for p in FIXTURES.glob("OS*") if p.is_dir())
VALID = """offscript: 1
id: {id}
title: T
summary: S
start: a
nodes:
  a: {{text: Hi, ending: {{title: End, outcome: success}}}}
"""


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_fixture_reports_its_diagnostics_in_each_file(folder: Path) -> None:
    files = sorted(folder.glob("*.yaml"))
    assert len(files) > 1, f"{folder.name} needs several files"
    found = duplicate_ids([load_file(f) for f in files])
    for fixture in files:
        expected = expectations(fixture)
        assert expected, f"{fixture.name} states no expectation"
        for line, col, severity, code, words in expected:
            want = (str(fixture), line, col, severity, code)
            matching = [d for d in found if (d.path, d.line, d.col, d.severity, d.code) == want]
            assert matching, f"expected {want}, got:\n" + "\n".join(d.format() for d in found)
            assert words in matching[0].message


def test_three_files_with_one_id_each_name_the_two_others(tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.yaml" for name in "abc"]
    for path in paths:
        path.write_text(VALID.format(id="same"))
    (tmp_path / "d.yaml").write_text(VALID.format(id="other"))
    found = duplicate_ids([load_file(p) for p in [*paths, tmp_path / "d.yaml"]])
    assert [(Path(d.path).name, d.line, d.col) for d in found] == [("a.yaml", 2, 5), ("b.yaml", 2, 5), ("c.yaml", 2, 5)]
    assert f"{paths[1]} and {paths[2]}" in found[0].message


def test_a_file_that_does_not_load_clashes_with_nothing(tmp_path: Path) -> None:
    good, broken = tmp_path / "good.yaml", tmp_path / "broken.yaml"
    good.write_text(VALID.format(id="same"))
    broken.write_text(VALID.format(id="same").replace("start: a", "start: nowhere"))
    assert duplicate_ids([load_file(good), load_file(broken)]) == []


def test_the_id_is_found_in_a_flow_mapping_and_missing_ids_point_at_the_start(tmp_path: Path) -> None:
    flow = tmp_path / "flow.yaml"
    flow.write_text("{offscript: 1,\n  title: T, id: here}\n")
    assert id_position(str(flow)) == (2, 17)
    none = tmp_path / "none.yaml"
    none.write_text("- a list\n")
    assert id_position(str(none)) == (1, 1)
    assert id_position(str(tmp_path / "gone.yaml")) == (1, 1)
