"""Whatever a user feeds the loader, only diagnostics come out: never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offscript.engine.loader import load_bytes
from offscript.engine.playthrough import Playthrough

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID = [(FIXTURES / "first-call.yaml").read_bytes(), (FIXTURES / "engine" / "hub.yaml").read_bytes()]
YAML_BITS = [
    ": ",
    "- ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    '"',
    "'",
    "&a ",
    "*a",
    "!!python/object ",
    "<<: ",
    "---\n",
    "|\n",
    "#",
    "\n",
    "if: ",
    "goto: ",
    "{trust}",
    "{{",
    "not ",
    " and ",
    ">=",
    "\x00",
    "\ufeff",
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes) -> None:
    result = load_bytes(data, "fuzz.yaml")
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.col >= 1
        assert diagnostic.severity in ("error", "warning")
        assert diagnostic.message
    if result.scenario is not None:  # a valid scenario also plays without crashing
        run = Playthrough.start(result.scenario).read_on()
        while not run.is_over and run.node.kind == "choices" and run.decisions < 50:
            run = run.pick(1).read_on()


@SETTINGS
@given(st.text())
def test_random_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary())
def test_random_bytes(data: bytes) -> None:
    check(data)


@SETTINGS
@given(
    st.sampled_from(VALID),
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["cut", "insert", "swap", "dup"]), st.sampled_from(YAML_BITS)),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_valid_scenarios(original: bytes, mutations: list[tuple[float, str, str]]) -> None:
    text = original.decode()
    for where, how, bit in mutations:
        at = int(where * len(text))
        if how == "cut":
            text = text[:at] + text[at + len(bit) :]
        elif how == "insert":
            text = text[:at] + bit + text[at:]
        elif how == "swap":
            lines = text.split("\n")
            i = int(where * (len(lines) - 1))
            lines[i], lines[-1 - i] = lines[-1 - i], lines[i]
            text = "\n".join(lines)
        else:
            lines = text.split("\n")
            i = int(where * (len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    check(text.encode("utf-8", "surrogatepass"))


def test_deep_nesting_and_huge_flow_are_diagnostics() -> None:
    assert load_bytes(b"a: " + b"[" * 20000 + b"]" * 20000, "deep.yaml").diagnostics[0].code == "OS110"
    assert load_bytes(b"- " * 20000 + b"x", "deep2.yaml").diagnostics[0].code == "OS110"
    assert load_bytes(b"a: {" * 20000, "open.yaml").diagnostics
