"""`offscript schema`: the JSON Schema editors use accepts whatever `validate` accepts, and refuses what it can express.

Files are read into plain data by the project's own YAML reader (YAML 1.1 as
the loader resolves it), so "accepted by validate" and "checked by the schema"
are about the same values.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from offscript.cli import main
from offscript.engine import loader, source
from offscript.engine.loader import load_file
from offscript.engine.model import DIFFICULTIES, OUTCOMES, SCORES
from offscript.library import builtin_scenarios_dir

ROOT = Path(__file__).parents[2]
SCHEMA_FILE = ROOT / "src" / "offscript" / "schema" / "offscript-scenario.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text())
VALIDATOR = Draft202012Validator(SCHEMA)
SHIPPED = sorted(builtin_scenarios_dir().glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("**/*.yaml"))
ACCEPTED = [path for path in [*SHIPPED, *FIXTURES] if load_file(path, analyse=False).scenario is not None]
DIAGNOSTICS = ROOT / "tests" / "fixtures" / "diagnostics"


def plain(node: source.Marked) -> Any:
    if isinstance(node, source.Mapping):
        return {key: plain(value) for key, (_, value) in node.items.items()}
    if isinstance(node, source.Sequence):
        return [plain(item) for item in node.items]
    return node.value


def data(path: Path) -> Any:
    tree, _ = source.parse(path.read_bytes(), str(path))
    return plain(tree)


def errors(document: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_schema_prints_the_shipped_schema_a_valid_draft_2020_12(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == SCHEMA
    Draft202012Validator.check_schema(printed)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_many_accepted_files_to_check() -> None:
    assert len(ACCEPTED) >= 20 and set(SHIPPED) <= set(ACCEPTED)


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_what_validate_accepts_the_schema_accepts(path: Path) -> None:
    assert errors(data(path)) == []


@pytest.mark.parametrize(
    "fixture",
    [
        "OS202-unknown-key",
        "OS202-format-11-unknown-keys",
        "OS204-bad-values",
        "OS204-format-11-bad-values",
        "OS205-bad-choice-id",
        "OS201-missing-keys",
        "OS201-check-missing-keys",
        "OS203-checks-not-a-list",
        "OS303-node-kind",
        "OS304-notes-on-branch",
        "OS315-bad-comparison",
    ],
)
def test_invalid_fixtures_the_schema_can_express_are_rejected(fixture: str) -> None:
    assert errors(data(DIAGNOSTICS / f"{fixture}.yaml"))


def test_the_format_11_fixture_is_accepted() -> None:
    assert errors(data(ROOT / "tests" / "fixtures" / "format-11.yaml")) == []


def format_11_with(change: Any) -> list[str]:
    document = copy.deepcopy(data(ROOT / "tests" / "fixtures" / "format-11.yaml"))
    change(document)
    return errors(document)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(sumary="misspelt"),
        lambda d: d["facilitator"].update(goal=["misspelt"]),
        lambda d: d["nodes"]["call"].update(note="misspelt"),
        lambda d: d["nodes"]["call"]["choices"][0].update(idd="x"),
        lambda d: d["nodes"]["kept"]["ending"].update(debreif="x"),
        lambda d: d["checks"][0].update(form="call"),
        lambda d: d["checks"][0]["expect"].update(outcom="success"),
        lambda d: d["variables"]["trust"].update(maximum=5),
    ],
    ids=["top", "facilitator", "node", "choice", "ending", "check", "expect", "variable"],
)
def test_an_unknown_key_at_any_level_is_rejected(change: Any) -> None:
    assert format_11_with(change)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(difficulty="easy"),
        lambda d: d["nodes"]["kept"]["ending"].update(outcome="win"),
        lambda d: d["checks"][1]["expect"].update(outcome="sucess"),
        lambda d: d.update(offscript=2),
    ],
    ids=["difficulty", "outcome", "expected-outcome", "version"],
)
def test_a_wrong_enum_value_is_rejected(change: Any) -> None:
    assert format_11_with(change)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["nodes"]["call"]["choices"][0]["score"].update(charm=1),
        lambda d: d["checks"][0]["expect"]["scores"].update(empaty=">= 1"),
        lambda d: d["variables"].update(empathy=1),
    ],
    ids=["choice-score", "expected-score", "score-as-variable"],
)
def test_an_unknown_or_reserved_score_name_is_rejected(change: Any) -> None:
    assert format_11_with(change)


def test_the_schema_knows_exactly_the_loaders_keys_and_values() -> None:
    """One format, two descriptions: a key added to the loader and not to the schema fails here."""
    defs = SCHEMA["$defs"]
    node_keys = set(defs["node"]["properties"])
    assert set(SCHEMA["properties"]) == set(loader.TOP_KEYS)
    assert node_keys == set(loader.NODE_KEYS)
    assert set(defs["choice"]["properties"]) == set(loader.CHOICE_KEYS)
    assert set(defs["variable"]["oneOf"][1]["properties"]) == set(loader.VARIABLE_KEYS)
    assert set(defs["ending"]["properties"]) == set(loader.ENDING_KEYS)
    assert set(defs["facilitator"]["properties"]) == set(loader.FACILITATOR_KEYS)
    assert set(defs["check"]["properties"]) == set(loader.CHECK_KEYS)
    assert set(defs["check"]["properties"]["expect"]["properties"]) == set(loader.EXPECT_KEYS)
    assert set(defs["choice"]["properties"]["score"]["properties"]) == set(SCORES)
    assert tuple(defs["ending"]["properties"]["outcome"]["enum"]) == OUTCOMES
    assert tuple(SCHEMA["properties"]["difficulty"]["enum"]) == DIFFICULTIES


@pytest.mark.parametrize(("argv", "module"), [(["schema"], "schema"), (["new", "--help"], "new")])
def test_schema_and_new_import_their_own_module_only(argv: list[str], module: str) -> None:
    code = (
        "import sys\nfrom offscript.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('offscript.cli.') and m != 'offscript.cli.common'))"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == repr([f"offscript.cli.{module}"])
