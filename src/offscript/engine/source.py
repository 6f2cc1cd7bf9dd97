"""YAML text -> a small tree of marked nodes (every key and value knows its line).

Why not `yaml.safe_load`? It forgets where values came from, keeps the last of
two duplicate keys silently, and expands aliases. Trainers need every mistake
pointed at a line, so we walk PyYAML's event stream (the libyaml C parser when
available) and build our own tree, refusing what the format forbids: anchors,
aliases, merge keys, explicit tags, duplicate keys and several documents.
The walk is iterative, so 20,000 levels of nesting cannot overflow the stack.

No text may hold a control character other than newline and tab (they can
drive a terminal: ESC starts escape sequences, BEL rings, OSC 52 writes the
clipboard). One written raw is reported where it stands, then read as U+FFFD
so the rest of the file is still checked; one written as an escape inside
double quotes ("\\e", "\\x1b", "\\u009b"...) is reported at its backslash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union

import yaml

from offscript.engine import syntax_hints
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.reading import MAX_BYTES
from offscript.engine.safe_text import CONTROL, REPLACEMENT, describe_control

try:  # the C parser is several times faster; fall back quietly without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_DEPTH = 64
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; a scenario never needs this"

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
# A raw carriage return is left to YAML, which reads it as a line break: it never reaches a value.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85"}
MAX_CONTROL_REPORTS = 10  # a binary file would give thousands; the first ones say it all
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}


@dataclass(slots=True)
class Scalar:
    """A scalar value with its resolved Python value and its source text."""

    value: object  # str, int, float, bool or None
    text: str
    line: int
    col: int
    plain: bool
    cut_by_comment: bool = False  # a plain scalar followed by ' #...' on its line: YAML dropped that part


@dataclass(slots=True)
class Sequence:
    items: list[Marked]
    line: int
    col: int


@dataclass(slots=True)
class Mapping:
    """A mapping that keeps its keys' marks; keys are always strings."""

    items: dict[str, tuple[Scalar, Marked]] = field(default_factory=dict)
    line: int = 1
    col: int = 1


Marked = Union[Scalar, Sequence, Mapping]


def _resolve(text: str, plain: bool) -> object:
    """Resolve a plain scalar as YAML 1.1 (PyYAML's safe loader) would."""
    if not plain:
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text


def _describe(value: object) -> str:
    return "a string" if isinstance(value, str) else "a number" if isinstance(value, (int, float)) else "a value"


def _syntax_hint(problem: str, context: str, line_text: str, col: int) -> str:
    """How to fix the YAML mistakes trainers make most, in their words."""
    if ("cannot start any token" in problem or "tab character" in problem) and "\t" in line_text:
        return "a tab is used for indentation; YAML needs spaces, so replace the tab with spaces"
    if "quoted scalar" in context:
        return "a quote is opened but never closed; add the closing quote at the end of the text"
    if "mapping values are not allowed" in problem:
        before = line_text[:col]
        if ": " in before.strip() or before.rstrip().endswith(":") and before.strip().count(":") > 1:
            return (
                "a colon followed by a space inside unquoted text starts a new key; "
                "put the whole text in quotes, or use a block scalar (|)"
            )
        return "this line is indented more than the key above it; line it up with its siblings"
    before = line_text[:col].rstrip()
    if "expected key" in problem and before.endswith(('"', "'")) and before.count(before[-1]) >= 2:
        return (
            "text that starts with a quote must end with it; quote the whole text with the other kind of "
            "quote (' or \"), or use a block scalar (|)"
        )
    if "flow mapping" in context or "flow sequence" in context:
        return (
            "inside {...} or [...], text with a colon, comma or quote must be quoted itself; or a bracket is not closed"
        )
    if "expected key" in problem or "expected '-' indicator" in problem or "expected <block end>" in problem:
        return "this line is not indented like the lines around it; line it up with the keys it belongs with"
    return "check the line for a missing quote, colon or indentation"


def _syntax_error(path: str, exc: yaml.MarkedYAMLError, lines: list[str], line: int, col: int) -> Diagnostic:
    """OS104 at the line at fault when the source shows which it is, else where YAML stopped, with a hint."""
    problem = exc.problem or "syntax error"
    context_line = exc.context_mark.line if exc.context_mark is not None else None
    located = syntax_hints.locate(problem, context_line, line, lines)
    if located is not None:
        return Diagnostic(path, located.line, located.col, "error", "OS104", f"YAML syntax: {located.message}")
    line_text = lines[line] if line < len(lines) else ""
    hint = _syntax_hint(problem, exc.context or "", line_text, col)
    return Diagnostic(path, line + 1, col + 1, "error", "OS104", f"YAML syntax: {problem}; {hint}")


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [
            Diagnostic(
                path,
                line,
                col,
                "error",
                "OS101",
                f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8 in your editor",
            )
        ]
    return text, []


def parse(data: bytes, path: str) -> tuple[Marked | None, list[Diagnostic]]:
    """Parse a scenario file's bytes into a marked tree plus diagnostics.

    The tree is None when the file cannot be read as one YAML document; the
    diagnostics then say why. Non-fatal problems (a duplicate key, a tag)
    are reported while the rest of the tree is still built, so one run of
    the validator shows as much as possible.
    """
    if len(data) > MAX_BYTES:
        return None, [
            Diagnostic(
                path,
                1,
                1,
                "error",
                "OS103",
                f"the file is {len(data) / 1_048_576:.1f} MB; a scenario may be at most {MAX_BYTES // 1_048_576} MB",
            )
        ]
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    text, problems = _raw_controls(text, path)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [
            Diagnostic(path, 1, 1, "error", "OS102", "the file is empty; a scenario starts with 'offscript: 1'")
        ]
    builder = _TreeBuilder(path, text)
    builder.diagnostics.extend(problems)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        col = mark.column if mark else 0
        lines = text.splitlines()
        if "nesting depth" in (exc.problem or ""):  # libyaml 0.2.5 stops at 1,000 levels, before our own check can
            builder.diagnostics.append(Diagnostic(path, line + 1, col + 1, "error", "OS110", _TOO_DEEP))
            return None, builder.diagnostics
        builder.diagnostics.append(_syntax_error(path, exc, lines, line, col))
        return None, builder.diagnostics
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (such as U+FFFE), at its position
        line, col = _position(text, exc.position)
        problem = f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
        builder.diagnostics.append(Diagnostic(path, line, col, "error", "OS104", problem))
        return None, builder.diagnostics
    except yaml.YAMLError as exc:
        builder.diagnostics.append(Diagnostic(path, 1, 1, "error", "OS104", f"YAML: {exc}"))
        return None, builder.diagnostics
    return builder.root, builder.diagnostics


def _raw_controls(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """OS111 where each raw control character stands (the first few), and the text with them read as U+FFFD.

    YAML would stop at the first one with a position in characters from the
    start of the file; replacing them keeps every column, so the rest of the
    file is still checked and its diagnostics still point at the right place.
    """
    found = _RAW_CONTROL.search(text)
    if found is None:
        return text, []
    problems: list[Diagnostic] = []
    for match in _RAW_CONTROL.finditer(text, found.start()):
        if len(problems) == MAX_CONTROL_REPORTS:
            break
        line, col = _position(text, match.start())
        problems.append(Diagnostic(path, line, col, "error", "OS111", _control_message(match.group())))
    return _RAW_CONTROL.sub(REPLACEMENT, text), problems


def _control_message(character: str, escape: str = "") -> str:
    what = f"the escape '{escape}' makes the control character" if escape else "the control character"
    return (
        f"{what} {describe_control(character)}, which is not allowed: it could drive the player's "
        "terminal; remove it (text may hold newlines and tabs, no other control characters)"
    )


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character, counting line breaks as YAML does."""
    before = text[:index]
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _escape_positions(lines: list[str], start: yaml.Mark, end: yaml.Mark) -> Iterator[tuple[int, int, str, str]]:
    """Each escape in a double-quoted scalar's source that makes a control character.

    Yields its 1-based line and column (of the backslash), the character and
    the escape as written. Escapes are matched left to right, so an escaped
    backslash (written "\\\\" before an "e") is never mistaken for the start of another.
    """
    for number in range(start.line, min(end.line + 1, len(lines))):
        line = lines[number]
        first = start.column if number == start.line else 0
        last = end.column if number == end.line else len(line)
        for match in _ESCAPE.finditer(line, first, last):
            code = match.group(1)
            made = chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, "")
            if made and CONTROL.match(made):
                yield number + 1, match.start() + 1, made, match.group()


class _TreeBuilder:
    """Turns parser events into Mapping/Sequence/Scalar nodes, with checks."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self._lines = text.splitlines()
        self.diagnostics: list[Diagnostic] = []
        self.root: Marked | None = None
        self._stack: list[Mapping | Sequence] = []
        self._pending_key: list[Scalar | None] = []
        self._flow: list[bool] = []  # for each open container: written {...} or [...] on one line
        self._dash_lines: dict[int, int] = {}  # an item read from keys that lost their '- ': the line of the last '- '
        self._documents = 0
        self._skip_depth = 0  # > 0 while inside a subtree that is being dropped

    def _error(self, mark: yaml.Mark, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, "error", code, message))

    def feed(self, event: yaml.Event) -> bool:
        """Take one event; return True to stop reading the stream."""
        if isinstance(event, yaml.DocumentStartEvent):
            self._documents += 1
            if self._documents > 1:
                self._error(
                    event.start_mark,
                    "OS105",
                    "a second YAML document starts here ('---'); a scenario file holds exactly one",
                )
                return True
            return False
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return False
        if isinstance(event, yaml.AliasEvent):
            self._error(
                event.start_mark, "OS106", f"alias '*{event.anchor}' is not allowed; write the value out in full"
            )
            self._attach(Scalar(None, "", event.start_mark.line + 1, event.start_mark.column + 1, True))
            return False
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_anchor_and_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            plain = bool(event.implicit[0]) and not event.style
            node = Scalar(
                _resolve(event.value, plain), event.value, event.start_mark.line + 1, event.start_mark.column + 1, plain
            )
            if plain and event.value and self._comment_follows(event.end_mark):
                node.cut_by_comment = True
            if event.style == '"' and CONTROL.search(event.value):  # raw ones are U+FFFD by now: an escape
                self._escaped_control(event, node)
            self._attach(node)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self._stack) >= MAX_DEPTH:
                self._error(event.start_mark, "OS110", _TOO_DEEP)
                self.root = None
                return True
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            container = Mapping({}, line, col) if isinstance(event, yaml.MappingStartEvent) else Sequence([], line, col)
            self._attach(container)
            self._stack.append(container)
            self._pending_key.append(None)
            self._flow.append(bool(event.flow_style))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self._stack.pop()
            self._pending_key.pop()
            self._flow.pop()
        return False

    def _escaped_control(self, event: yaml.ScalarEvent, node: Scalar) -> None:
        """OS111 at each escape ("\\e", "\\x07"...) that put a control character into a quoted text."""
        found = list(_escape_positions(self._lines, event.start_mark, event.end_mark))[:MAX_CONTROL_REPORTS]
        if not found:  # not found in the source: point at the text itself
            character = CONTROL.search(event.value).group()  # type: ignore[union-attr]
            found = [(node.line, node.col, character, "")]
        for line, col, character, escape in found:
            self.diagnostics.append(
                Diagnostic(self.path, line, col, "error", "OS111", _control_message(character, escape))
            )

    def _comment_follows(self, end: yaml.Mark) -> bool:
        line = self._lines[end.line] if end.line < len(self._lines) else ""
        return line[end.column :].lstrip().startswith("#")

    def _check_anchor_and_tag(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self._error(
                event.start_mark, "OS106", f"anchor '&{event.anchor}' is not allowed; write each value out in full"
            )
        implicit = event.implicit if isinstance(event, yaml.ScalarEvent) else (event.implicit, event.implicit)
        if event.tag is not None and not any(implicit) and event.tag != "!":
            self._error(
                event.start_mark,
                "OS107",
                f"the tag '{event.tag}' is not allowed; remove it (tags never run in Offscript)",
            )

    def _attach(self, node: Marked) -> None:
        if not self._stack:
            self.root = node
            return
        parent = self._stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = self._pending_key[-1]
        if key is None:  # this node is a key
            if not isinstance(node, Scalar):
                self._error(_mark(node), "OS203", "a key must be a plain word, not a list or mapping")
                node = Scalar(None, "?", node.line, node.col, True)
            self._pending_key[-1] = node
            return
        self._pending_key[-1] = None
        name = key.text if key.value is not None or key.text else ""
        if key.plain and key.text == "<<":
            self._error(_mark(key), "OS108", "merge keys ('<<') are not allowed; write the keys out in full")
            return
        if name in parent.items:
            if self._new_item(parent, name, key, node):
                return
            first = parent.items[name][0]
            self._error(
                _mark(key),
                "OS109",
                f"key '{name}' is given twice in this mapping (first on line {first.line}); remove one",
            )
            return
        parent.items[name] = (key, node)

    def _new_item(self, mapping: Mapping, name: str, key: Scalar, node: Marked) -> bool:
        """A key given again in a list item written one key per line: most often the next item lost its '- '.

        Say so at the repeated key (the first key of the item that lost it), and
        read the keys from there on as that item, so it is checked like the
        others and its own keys are not reported as given twice too.
        """
        if len(self._stack) < 2 or self._flow[-1] or not isinstance(self._stack[-2], Sequence):
            return False
        items = self._stack[-2]
        if not items.items or items.items[-1] is not mapping:
            return False
        what = self._item_name()
        first = mapping.items[name][0]
        dash = self._dash_lines.get(id(mapping), mapping.line)
        self._error(
            _mark(key),
            "OS109",
            f"a new {what} starts here without its '- ' ('{name}' is given again, first on line {first.line}): "
            f"start it with '- ' lined up with the '- ' on line {dash}; if it is the same {what}, remove one '{name}'",
        )
        fresh = Mapping({name: (key, node)}, key.line, key.col)
        items.items.append(fresh)
        self._stack[-1] = fresh
        self._dash_lines[id(fresh)] = dash
        return True

    def _item_name(self) -> str:
        """What the items of the list being read are called: 'choice' under 'choices', and so on."""
        holder = self._stack[-3] if len(self._stack) >= 3 else None
        if isinstance(holder, Mapping):
            for name, (_, value) in holder.items.items():
                if value is self._stack[-2]:
                    return syntax_hints.ITEM_NAMES.get(name, "item")
        return "item"


class _FakeMark:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def _mark(node: Marked) -> yaml.Mark:
    return _FakeMark(node.line - 1, node.col - 1)
