"""A cache entry with the right stamp is used only when it keeps every promise the loader makes.

Each row of `BROKEN` breaks one invariant of a real entry (of `first-call.yaml`,
which has characters, variables of both kinds, a condition, set and add, a
branch, a `{name}` and two endings) while keeping every value of its type. The
entry must be a miss: the file is checked afresh, its true result returned and
the entry written again as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from offscript.engine.invariants import result_problems
from offscript.engine.loader import load_file
from offscript.engine.serialise import result_from_data
from offscript.storage.scenario_cache import load_scenario, scenario_cache_dir

FIRST_CALL = Path(__file__).parents[1] / "fixtures" / "first-call.yaml"
Data = dict[str, Any]


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "first-call.yaml"
    path.write_bytes(FIRST_CALL.read_bytes())
    return path


# --- ways to break one invariant, each keeping every value of its type ------------------


def tagged(cls: str, **values: object) -> Data:
    return {"@class": cls, **values}


def node(result: Data, node_id: str) -> Data:
    return result["scenario"]["nodes"][node_id]


def choice(result: Data, number: int = 0) -> Data:
    return node(result, "hello")["choices"]["@tuple"][number]


def branch_entry(result: Data, number: int) -> Data:
    return node(result, "decide")["branch"]["@tuple"][number]


def put(where: Callable[[Data], Data], key: str, value: object) -> Callable[[Data], None]:
    return lambda result: where(result).__setitem__(key, value)


def scenario_of(result: Data) -> Data:
    return result["scenario"]


def analysis_of(result: Data) -> Data:
    return result["analysis"]


def rename_node(result: Data, old: str, new: str) -> None:
    nodes = scenario_of(result)["nodes"]
    nodes[new] = {**nodes.pop(old), "id": new}


def name(text: str, offset: int = 0) -> Data:
    return tagged("Name", name=text, offset=offset)


def number(value: object) -> Data:
    return tagged("Literal_", value=value)


def diagnostic(result: Data, **changes: object) -> Data:
    values = dict(path=result["path"], line=1, col=1, severity="warning", code="OS402", message="no feedback")
    return tagged("Diagnostic", **{**values, **changes})


def add_diagnostic(**changes: object) -> Callable[[Data], None]:
    return lambda result: result["diagnostics"].append(diagnostic(result, **changes))


def with_condition(condition: Data, text: str = "a condition") -> Callable[[Data], None]:
    def change(result: Data) -> None:
        choice(result).update(condition=condition, condition_text=text)

    return change


BROKEN: dict[str, tuple[Callable[[Data], None], str]] = {
    # ids, whole
    "scenario-id-a-path": (put(scenario_of, "id", "../../.."), "is not a slug"),
    "scenario-id-with-a-slash": (put(scenario_of, "id", "a/b"), "is not a slug"),
    "scenario-id-trailing-newline": (put(scenario_of, "id", "first-call\n"), "is not a slug"),
    "node-key-not-its-id": (put(lambda r: node(r, "why"), "id", "pitch"), "is not a node id"),
    "node-id-not-an-id": (lambda r: rename_node(r, "won", "won/../x"), "is not a node id"),
    "character-key-not-its-id": (put(lambda r: scenario_of(r)["characters"]["mara"], "id", "bob"), "character"),
    "character-predefined": (
        put(lambda r: scenario_of(r)["characters"], "you", tagged("Character", id="you", name="Me", role="")),
        "is not a character id",
    ),
    "character-without-a-name": (put(lambda r: scenario_of(r)["characters"]["mara"], "name", " "), "has no name"),
    "variable-key-not-its-name": (put(lambda r: scenario_of(r)["variables"]["trust"], "name", "faith"), "variable"),
    "variable-named-as-a-score": (
        lambda r: scenario_of(r)["variables"].__setitem__(
            "empathy", {**scenario_of(r)["variables"]["knows_why"], "name": "empathy"}
        ),
        "is not a variable name",
    ),
    "variable-named-as-a-keyword": (
        lambda r: scenario_of(r)["variables"].__setitem__(
            "and", {**scenario_of(r)["variables"]["knows_why"], "name": "and"}
        ),
        "is not a variable name",
    ),
    # the top level
    "title-empty": (put(scenario_of, "title", "  "), "empty title"),
    "summary-empty": (put(scenario_of, "summary", ""), "empty title or summary"),
    "start-not-a-node": (put(scenario_of, "start", "nowhere"), "start"),
    "no-nodes": (put(scenario_of, "nodes", {}), "start"),
    "difficulty-unknown": (put(scenario_of, "difficulty", "heroic"), "difficulty"),
    "minutes-zero": (put(scenario_of, "minutes", 0), "minutes"),
    "minutes-negative": (put(scenario_of, "minutes", -5), "minutes"),
    "language-not-a-tag": (put(scenario_of, "language", "en_GB!"), "language"),
    "tag-empty": (put(scenario_of, "tags", {"@tuple": ["b2b", ""]}), "empty tag"),
    "content-hash-not-a-hash": (put(scenario_of, "content_hash", "../x"), "SHA-256"),
    "scenario-path-not-the-result-path": (put(scenario_of, "path", "/elsewhere.yaml"), "path"),
    # variables
    "initial-above-max": (put(lambda r: scenario_of(r)["variables"]["trust"], "initial", 9), "outside"),
    "initial-below-min": (put(lambda r: scenario_of(r)["variables"]["trust"], "initial", -1), "outside"),
    "min-above-max": (put(lambda r: scenario_of(r)["variables"]["trust"], "min", 6), "outside"),
    "bool-with-a-max": (put(lambda r: scenario_of(r)["variables"]["knows_why"], "max", 3), "long form"),
    # node kinds
    "choices-node-called-next": (put(lambda r: node(r, "hello"), "kind", "next"), "exactly its own part"),
    "choices-node-without-choices": (
        put(lambda r: node(r, "hello"), "choices", {"@tuple": []}),
        "exactly its own part",
    ),
    "next-node-with-choices-too": (
        lambda r: node(r, "why").update(choices=node(r, "hello")["choices"]),
        "exactly its own part",
    ),
    "ending-node-without-ending": (put(lambda r: node(r, "won"), "ending", None), "exactly its own part"),
    "ending-without-title": (put(lambda r: node(r, "won")["ending"], "title", ""), "ending needs a title"),
    "node-without-text": (put(lambda r: node(r, "pitch"), "text", "\n"), "has no text"),
    "branch-node-shows-text": (put(lambda r: node(r, "decide"), "text", "Hello"), "shows something"),
    "node-line-negative": (put(lambda r: node(r, "why"), "line", -1), "negative position"),
    # references
    "next-unknown": (put(lambda r: node(r, "why"), "next", "nowhere"), "next 'nowhere' is not a node"),
    "goto-unknown": (put(choice, "goto", "../../etc"), "is not a node"),
    "branch-goto-unknown": (put(lambda r: branch_entry(r, 1), "goto", "limbo"), "is not a node"),
    "branch-loops-for-ever": (put(lambda r: branch_entry(r, 1), "goto", "decide"), "lead back to itself"),
    "speaker-unknown": (put(lambda r: node(r, "hello"), "speaker", "ghost"), "is not a character"),
    "placeholder-unknown": (put(lambda r: node(r, "why"), "text", "Trust: {faith}"), "not variables"),
    "placeholder-lone-brace": (put(choice, "feedback", "a { alone"), "text:"),
    "placeholder-in-debrief-unknown": (put(lambda r: node(r, "won")["ending"], "debrief", "{x}"), "not variables"),
    # conditions
    "last-branch-entry-with-a-condition": (
        lambda r: branch_entry(r, 1).update(condition=name("knows_why"), condition_text="knows_why"),
        "only the last entry",
    ),
    "first-branch-entry-without-its-condition": (
        lambda r: branch_entry(r, 0).update(condition=None, condition_text=""),
        "only the last entry",
    ),
    "condition-text-without-condition": (put(choice, "condition_text", "trust > 9"), "without its condition"),
    "condition-without-text": (with_condition(name("knows_why"), ""), "without its text"),
    "condition-reads-unknown-name": (with_condition(name("ghost")), "unknown name"),
    "condition-unknown-comparison": (
        with_condition(tagged("Compare", op="=~", left=name("trust"), right=number(1), offset=0)),
        "unknown name or operator",
    ),
    "condition-unknown-join": (
        with_condition(tagged("BoolOp", op="xor", left=name("knows_why"), right=name("knows_why"))),
        "unknown name or operator",
    ),
    "condition-not-a-truth-value": (with_condition(name("trust")), "truth value"),
    "condition-compares-number-and-bool": (
        with_condition(tagged("Compare", op="==", left=name("trust"), right=number(True), offset=6)),
        "compares",
    ),
    # scores, set and add
    "score-999": (put(lambda r: choice(r)["score"], "empathy", 999), "is not a score"),
    "score-below-limit": (put(lambda r: choice(r)["score"], "ownership", -11), "is not a score"),
    "score-unknown": (put(lambda r: choice(r)["score"], "charm", 1), "is not a score"),
    "set-bool-to-a-number": (put(lambda r: choice(r)["set"], "knows_why", 7), "set 'knows_why'"),
    "set-number-to-a-bool": (put(lambda r: choice(r)["set"], "trust", True), "set 'trust'"),
    "set-unknown": (put(lambda r: choice(r)["set"], "ghost", 1), "set 'ghost'"),
    "set-a-score": (put(lambda r: choice(r)["set"], "empathy", 5), "set 'empathy'"),
    "add-to-a-bool": (put(lambda r: choice(r)["add"], "knows_why", 1), "to 'knows_why'"),
    "add-to-a-score": (put(lambda r: choice(r)["add"], "empathy", 50), "to 'empathy'"),
    "choice-line-negative": (put(choice, "line", -3), "negative line"),
    "choice-text-empty": (put(choice, "text", ""), "has no text"),
    # control characters
    "escape-in-text": (put(lambda r: node(r, "pitch"), "text", "\x1b[2J cleared"), "control character"),
    "clipboard-write-in-feedback": (put(choice, "feedback", "\x1b]52;c;ZXZpbA==\x07"), "control character"),
    "bell-in-title": (put(scenario_of, "title", "Ring\x07"), "control character"),
    "del-in-role": (put(lambda r: scenario_of(r)["characters"]["mara"], "role", "x\x7f"), "control character"),
    "c1-csi-in-debrief": (put(lambda r: node(r, "won")["ending"], "debrief", "\x9b31m"), "control character"),
    "escape-in-diagnostic": (add_diagnostic(message="\x1b]0;title\x07"), "control character"),
    # the analysis
    "analysis-node-count": (put(analysis_of, "node_count", 7), "node count"),
    "analysis-states-negative": (put(analysis_of, "states", -1), "node count"),
    "analysis-unknown-node": (lambda r: analysis_of(r)["no_ending"].append("ghost"), "does not exist"),
    "analysis-lost-a-node": (lambda r: analysis_of(r)["reachable"].pop(), "are not the scenario's nodes"),
    "analysis-ending-not-an-ending": (lambda r: analysis_of(r)["endings"].append("why"), "not an ending node"),
    "analysis-range-upside-down": (
        put(lambda r: analysis_of(r)["score_range"], "empathy", {"@tuple": [5, -5]}),
        "low end is above",
    ),
    "analysis-range-missing": (lambda r: analysis_of(r)["score_range"].pop("ownership"), "are not the scores"),
    "analysis-decisions-negative": (put(analysis_of, "decisions", {"@tuple": [-2, 1]}), "negative number"),
    "analysis-path-zero": (put(analysis_of, "best_path", [0]), "not a choice"),
    "analysis-path-beyond-choices": (put(analysis_of, "worst_path", [3]), "not a choice"),
    # the warnings
    "diagnostic-code-unknown": (add_diagnostic(code="OS999"), "not one of ours"),
    "diagnostic-line-negative": (add_diagnostic(line=-4), "not one of ours"),
    "diagnostic-other-path": (add_diagnostic(path="/etc/passwd"), "not one of ours"),
    "error-beside-a-scenario": (add_diagnostic(severity="error", code="OS300"), "beside a scenario"),
}


def read(entry: Path) -> Data:
    data: Data = json.loads(entry.read_bytes())
    return data


@pytest.mark.parametrize("breaking", BROKEN.values(), ids=BROKEN.keys())
def test_an_entry_that_breaks_an_invariant_is_a_miss(
    breaking: tuple[Callable[[Data], None], str], scenario: Path, loader_calls: list[str]
) -> None:
    damage, problem = breaking
    expected = load_scenario(scenario)
    (entry,) = scenario_cache_dir().glob("*.json")
    written = entry.read_bytes()
    data = read(entry)
    damage(data["result"])
    forged = result_from_data(data["result"])  # every value still of its type: only the invariant can tell
    assert any(problem in found for found in result_problems(forged)), result_problems(forged)
    entry.write_text(json.dumps(data))

    again = load_scenario(scenario)
    assert len(loader_calls) == 2
    assert again == expected == load_file(scenario)
    assert entry.read_bytes() == written  # rewritten as the file really says


STAMPED: dict[str, Callable[[Data], None]] = {
    "content-hash-of-another-file": put(scenario_of, "content_hash", "0" * 64),
    "result-of-another-path": lambda r: r.update(path="elsewhere.yaml"),
    "no-scenario": lambda r: r.update(scenario=None, analysis=None),
    "analysed-without-an-analysis": lambda r: r.update(analysis=None),
}


@pytest.mark.parametrize("damage", STAMPED.values(), ids=STAMPED.keys())
def test_an_entry_that_is_not_of_this_very_file_is_a_miss(
    damage: Callable[[Data], None], scenario: Path, loader_calls: list[str]
) -> None:
    expected = load_scenario(scenario)
    (entry,) = scenario_cache_dir().glob("*.json")
    written = entry.read_bytes()
    data = read(entry)
    damage(data["result"])
    entry.write_text(json.dumps(data))
    assert load_scenario(scenario) == expected
    assert len(loader_calls) == 2 and entry.read_bytes() == written


def test_an_untouched_entry_is_used(scenario: Path, loader_calls: list[str]) -> None:
    """The checks pass a real entry: without this, every row above could pass by refusing everything."""
    expected = load_scenario(scenario)
    assert load_scenario(scenario) == expected
    assert loader_calls == [str(scenario)]
