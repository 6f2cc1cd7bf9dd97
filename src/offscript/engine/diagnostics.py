"""Diagnostics: problems found in a scenario, as values.

The engine never prints. It collects every problem it finds into a list of
`Diagnostic` values; the command line formats them the way compilers and
linters do (`file:line:col: severity: message`) so editors can jump to them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from offscript.engine.safe_text import safe

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, pointing at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """The one-line form editors and CI logs understand.

        The path and the message quote outside text (file names, ids, pieces of
        the file), so both are made safe: no control character reaches a terminal,
        and no newline in a name can forge a second diagnostic.
        """
        path, message = safe(self.path, one_line=True), safe(self.message, one_line=True)
        return f"{path}:{self.line}:{self.col}: {self.severity}: {message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix when a candidate is close, else ''."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggest_id(written: str, labels: Mapping[str, Iterable[str]], label_is: str = "name") -> str:
    """A ' (did you mean 'x'?)' suffix for an id written as something else that names the same thing.

    Trainers write what they see: 'Marco Ferri' for the character 'marco',
    'Marco' for the node 'marco', the first words of a node's text for its id.
    `labels` maps each id to what it is called (a character's name, a node's
    text); the match ignores case, spaces and punctuation and must be unique.
    Else the usual near-miss suggestion.
    """
    wanted = _folded(written)
    if wanted:
        same = [name for name in labels if _folded(name) == wanted]
        if len(same) == 1:
            return f" (did you mean '{same[0]}'?)"
        words = label_is == "name"  # one word of a name (a first name, a surname) names a person; not of a text
        called = [(name, t) for name, texts in labels.items() for t in texts if _names(wanted, t, words)]
        if len({name for name, _ in called}) == 1:
            relation = "is" if _folded(called[0][1]) == wanted else "is in"
            return f" (did you mean '{called[0][0]}'? '{written}' {relation} its {label_is}; write the id)"
    return did_you_mean(written, labels)


def _names(wanted: str, label: str, words: bool) -> bool:
    """True when a label is the written text, starts with it (8 letters or more), or has it as a word."""
    folded = _folded(label)
    if not folded:
        return False
    if folded == wanted or (len(wanted) >= 8 and folded.startswith(wanted)):
        return True
    return words and len(wanted) >= 3 and wanted in {_folded(word) for word in label.split()}


def _folded(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


# Every diagnostic code, with the short title shown in the trainers' guide.
# Codes are stable: tests, documentation and trainers' notes refer to them.
CODES: dict[str, str] = {
    # the file and its YAML
    "OS100": "file cannot be read",
    "OS101": "file is not valid UTF-8",
    "OS102": "file is empty",
    "OS103": "file is too large",
    "OS104": "YAML syntax error",
    "OS105": "more than one YAML document",
    "OS106": "anchor or alias",
    "OS107": "explicit tag",
    "OS108": "merge key",
    "OS109": "duplicate key",
    "OS110": "nesting too deep",
    "OS111": "control character in text",
    # structure and types
    "OS200": "top level is not a mapping",
    "OS201": "missing key",
    "OS202": "unknown key",
    "OS203": "wrong type",
    "OS204": "value not allowed",
    "OS205": "bad id",
    "OS206": "reserved variable name",
    "OS207": "bad variable declaration",
    # references and logic
    "OS300": "unknown node",
    "OS301": "unknown character",
    "OS302": "unknown variable",
    "OS303": "node kind: none or several of choices/next/branch/ending",
    "OS304": "branch node with other keys",
    "OS305": "branch without a final unconditional entry",
    "OS306": "bad condition",
    "OS307": "condition type mismatch",
    "OS308": "set/add type mismatch",
    "OS309": "bad {name} in text",
    "OS310": "branch nodes that loop forever",
    # format 1.1: choice ids and checks
    "OS311": "duplicate choice id in a node",
    "OS312": "duplicate check name",
    "OS313": "check takes a choice id that does not exist",
    "OS314": "check expects what no ending can give",
    "OS315": "bad score comparison in a check",
    # warnings
    "OS400": "node cannot be reached",
    "OS401": "no ending can be reached from node",
    "OS402": "choice has no feedback",
    "OS403": "choice node can be a dead end",
    "OS404": "scenario too large to analyse exactly",
    "OS405": "text cut short by a comment",
    "OS406": "minutes far from the playthroughs' reading time",
    # across files: found only when several files are read together (validate, the library)
    "OS600": "id also used by another file",
}
