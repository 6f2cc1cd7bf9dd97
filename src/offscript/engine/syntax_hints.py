"""Where a YAML syntax error really is, read from the source lines, and how to fix it.

YAML reports where it gave up, which for the mistakes trainers make most is
not where they made them: a key without its colon is joined with the next
line and reported there (sometimes in the next node), and a first node
indented one space too far is accepted until the first correctly indented
node, which is then reported as the wrong one. These functions look at the
lines around the reported position and, when the pattern is unmistakable,
move the report to the line at fault with a hint that names the fix and the
lines it disagrees with. When no pattern fits they return None, and the
caller keeps YAML's own position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import takewhile

_BARE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<word>[A-Za-z_][A-Za-z0-9_-]*)(?P<rest>.*)$")
_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- *)*)(?P<key>[^\s#:{\[][^:#]*?|\"[^\"]*\"|'[^']*'):(?: |$)")
_BLOCK_SCALAR = re.compile(r":\s+[|>][-+0-9]*\s*(#.*)?$")
_INDICATOR = re.compile(r":( |$)")
_MORE = 3  # lines named in a message: enough to find them, short enough to read


@dataclass(frozen=True)
class Located:
    """A syntax error moved to the line at fault: 1-based line and column, and the message."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class _Entry:
    """One place in the block structure: a key, or the '- ' of a list item."""

    line: int  # 0-based
    col: int  # 0-based column of the key or dash
    name: str  # the key, or '-'
    child_col: int | None  # the least column of lines indented under it; None when nothing may be


@cache
def format_keys() -> frozenset[str]:
    """Every key the format knows, read from the loader so that new keys count at once.

    Imported here, not at the top: the loader imports the source reader,
    which imports this module.
    """
    from offscript.engine import loader

    tables = [value for name, value in vars(loader).items() if name.endswith("_KEYS") and isinstance(value, tuple)]
    return frozenset(key for table in tables for key in table if isinstance(key, str)) | {"name", "role", "if", "goto"}


def locate(problem: str, context_line: int | None, line: int, lines: list[str]) -> Located | None:
    """The line at fault for a YAML error YAML reported at 0-based `line`, or None.

    `context_line` is YAML's context mark (0-based), where it began reading
    the construct it could not finish, when it gave one.
    """
    bracket = next((b for b in (_bracket_text(lines, n) for n in (line, context_line)) if b is not None), None)
    if bracket is not None:
        return bracket
    if (comparison := _unquoted_comparison(lines, line)) is not None:
        return comparison
    if "could not find expected ':'" in problem and context_line is not None:
        return missing_colon(lines, context_line)
    if "mapping values are not allowed" in problem:
        return _joined_line(lines, line) or _colon_in_text(lines, line) or _indentation(lines, line)
    if any(words in problem for words in ("expected key", "expected '-' indicator", "expected <block end>")):
        return _joined_line(lines, line) or _key_at_dash(lines, line) or _indentation(lines, line)
    return None


_BRACKET_VALUE = re.compile(r"^(?P<head> *(?:- +)*[^\s#:{\[\]}\-][^:#]*: +)(?P<bracket>[\[{])(?P<rest>.*)$")
_READ_AS = {"[": "a list", "{": "a mapping"}


def _bracket_text(lines: list[str], index: int | None) -> Located | None:
    """Text that starts with '[' or '{' ('text: [sighs] Please'), read by YAML as a list or a mapping.

    The value is text, not a list or mapping, when words follow its closing
    bracket on the line, or when it is never closed and holds no ': ' (a
    mapping) or ',' (a list) that would make it one.
    """
    if index is None or not 0 <= index < len(lines):
        return None
    match = _BRACKET_VALUE.match(lines[index])
    if match is None or not reads_as_text(match["bracket"], match["rest"]):
        return None
    return Located(index + 1, len(match["head"]) + 1, bracket_hint(match["bracket"]))


def reads_as_text(bracket: str, rest: str) -> bool:
    """True when a value written `bracket` + `rest` on one line is text, not a list or mapping."""
    end = _closing(bracket + rest)
    if end is not None:
        return bool(_without_comment(rest[end:]).strip())
    inside = _without_comment(rest)
    return not (re.search(r":( |$)", inside) if bracket == "{" else "," in inside)


# only '>' breaks YAML: '<= 3' and '== 3' are plain text it accepts (the loader checks them)
_COMPARISON = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*): *(?P<value>(?P<op>>=?) *-?[0-9]+)")


def _unquoted_comparison(lines: list[str], index: int) -> Located | None:
    """A comparison written without quotes ('empathy: >= 3'): '>' starts a folded text, '>=' no token at all.

    YAML stops at the operator (in {...}) or just after it (in a block),
    with a message about tokens or block scalars; the fix is to quote it.
    """
    match = _COMPARISON.search(lines[index]) if 0 <= index < len(lines) else None
    if match is None:
        return None
    value = match["value"]
    return Located(index + 1, match.start("op") + 1, f'a comparison must be quoted: write {match["key"]}: "{value}"')


def _closing(text: str) -> int | None:
    """Where the bracket that closes the one `text` starts with stands, or None when none does.

    That is also the index just after it in the text without its first bracket.
    """
    depth = 0
    for index, character in enumerate(text):
        depth += (character in "[{") - (character in "]}")
        if depth == 0:
            return index
    return None


def bracket_hint(bracket: str) -> str:
    """How to write text that starts with '[' or '{'."""
    return f"a value that starts with '{bracket}' is read as {_READ_AS[bracket]}; put the text in quotes, or use '|'"


def missing_colon(lines: list[str], index: int) -> Located | None:
    """A key written without its colon on line `index` (0-based): 'speaker marco', '- text Go', 'ending'."""
    if not 0 <= index < len(lines):
        return None
    match = _BARE.match(lines[index])
    if match is None or _INDICATOR.search(_without_comment(lines[index])):
        return None
    word, col = match["word"], len(match["indent"]) + len(match["dashes"])
    if match["rest"].startswith(":") and word in format_keys():  # 'speaker:marco': the colon is there, the space not
        return Located(index + 1, col + 1, f"add a space after '{word}:' (a key needs a colon, then a space)")
    return Located(index + 1, col + 1, colon_hint(word, _opens_block(lines, index, col)))


def colon_hint(word: str, has_children: bool = False) -> str:
    """How to fix a line that starts with `word` and has no colon after it."""
    if word in format_keys() or has_children:
        return f"add ':' after '{word}' (a key needs a colon, then a space before its value)"
    return (
        f"this line has no ':' after its first word; if '{word}' is a key, add ':' after it; if the line "
        "goes on with the text above it, indent it more than that text's key, or use a block scalar (|)"
    )


def _joined_line(lines: list[str], index: int) -> Located | None:
    """A key without its colon just above line `index`, where YAML stopped (joining the two, or not).

    The line above has no colon, and
    it is not the continuation of a text (that would be indented under a key
    with a value on its line): it is a key that lost its colon.
    """
    start = _first_bare(lines, index)
    if start == index:
        return None
    owner = _previous(lines, start)
    if owner is not None and _continues_text(lines[owner], lines[start]):
        return None
    return missing_colon(lines, start)


def _first_bare(lines: list[str], index: int) -> int:
    """The first of the lines without a colon just above `index` (`index` itself when there are none)."""
    start = index
    while (before := _previous(lines, start)) is not None and not _INDICATOR.search(_without_comment(lines[before])):
        start = before
    return start


def _continues_text(owner: str, line: str) -> bool:
    """True when `line` reads as more of a text whose key is on `owner` (a key with its value on its line)."""
    key = _KEY.match(owner)
    if key is None or not _without_comment(owner)[key.end() :].strip():
        return False
    return _indent(line) > len(key["indent"]) + len(key["dashes"])


def _colon_in_text(lines: list[str], index: int) -> Located | None:
    """A colon in text that goes on over a second line ('text: Mara says' then '  she: is late').

    The second line is indented under a key with a value, so it reads as more
    of that text; its first word is no key of the format, so its ': ' is text.
    """
    owner = _previous(lines, _first_bare(lines, index))
    key = _KEY.match(lines[index])
    if owner is None or key is None or key["key"] in format_keys() or not _continues_text(lines[owner], lines[index]):
        return None
    return Located(index + 1, key.end() - (1 if lines[index][key.end() - 1] == " " else 0), _COLON_IN_TEXT)


_COLON_IN_TEXT = (
    "a colon followed by a space inside unquoted text starts a new key; "
    "put the whole text in quotes, or use a block scalar (|)"
)


ITEM_NAMES = {"choices": "choice", "branch": "branch entry", "checks": "check", "tags": "tag"}


def _key_at_dash(lines: list[str], index: int) -> Located | None:
    """A key at the column of the '- ' above it: a new item without its dash, or a key of the item too far left.

    A key the item already has starts the next item (its '- ' was lost);
    any other key belongs to the item and lines up with its keys.
    """
    entries = _entries(lines)
    at = next((e for e in entries if e.line == index), None)
    if at is None or at.name == "-":
        return None
    position = entries.index(at)
    dash = next((e for e in reversed(entries[:position]) if e.name == "-" and e.col == at.col), None)
    if dash is None or dash.child_col is None or any(e.col < at.col for e in entries[entries.index(dash) : position]):
        return None
    keys = [e for e in entries[entries.index(dash) : position] if e.col == dash.child_col]
    what = _item_name(entries[: entries.index(dash)], dash)
    if at.name in {e.name for e in keys}:
        return Located(
            at.line + 1,
            at.col + 1,
            f"'{at.name}' is given again at the column of the '- ' on line {dash.line + 1}: start a new {what} "
            f"with '- ' here; if it belongs to the {what} above, indent it {_spaces(dash.child_col)} like its keys",
        )
    column = dash.child_col
    keys += [e for e in takewhile(lambda e: e.col >= column, entries[position + 1 :]) if e.col == column]
    return Located(at.line + 1, at.col + 1, _indent_message(at, keys)) if keys else None


def _item_name(before: list[_Entry], dash: _Entry) -> str:
    """What an item of the list that `dash` is in is called: 'choice' under 'choices', and so on."""
    owner = next((e for e in reversed(before) if e.col < dash.col and e.name != "-"), None)
    return ITEM_NAMES.get(owner.name, "item") if owner is not None else "item"


def _indentation(lines: list[str], index: int) -> Located | None:
    """A line indented unlike its siblings: blame the smaller group, name the lines it disagrees with.

    The siblings of the line YAML stopped at are the entries at the top of the
    block it is in. When they fall into two indentations, the one used by
    fewer entries is the mistake; on a tie, the line YAML stopped at is. A
    line that is closer to its parent's own indentation is compared with the
    parent's siblings instead (it was meant to close the block).
    """
    entries = _entries(lines)
    at = next((e for e in entries if e.line == index), None)
    if at is None:
        return None
    position = entries.index(at)
    parent = _parent(entries[:position], at)
    found = _odd_one(_tops(entries, parent, position), at)
    if found is None:
        return None
    if parent is not None and at.col < found[1][0].col:  # a dedent: was it the parent that was indented oddly?
        outer = _odd_one(_tops(entries, _parent(entries[: entries.index(parent)], parent), position), at)
        if outer is not None and parent in outer[0]:
            return Located(parent.line + 1, parent.col + 1, _indent_message(parent, outer[1]))
    if parent is not None and parent.col < at.col < (parent.child_col or 0):  # between the parent and its children
        between = _misplaced_parent(entries, parent, at, position) or _sibling_of_parent(entries, parent, at, position)
        if between is not None:
            return between
    odd, usual = found
    return Located(odd[0].line + 1, odd[0].col + 1, _indent_message(odd[0], usual))


def _misplaced_parent(entries: list[_Entry], parent: _Entry, at: _Entry, position: int) -> Located | None:
    """A key that left its block ('cheap:' at column 0 among nodes at 2): blame it, not the lines after it.

    `at` lines up with the children of the entry just before `parent` at
    `parent`'s level, so `parent` was meant to be one of those children: it
    is the line to move, to `at`'s column.
    """
    grand = _parent(entries[: entries.index(parent)], parent)
    level = [e for e in _tops(entries, grand, position) if e.col == parent.col]
    before = level[level.index(parent) - 1] if parent in level and level.index(parent) > 0 else None
    if before is None or before.child_col != at.col:
        return None
    siblings = [e for e in _tops(entries, before, position) if e.col == at.col]
    alone = parent.child_col == at.child_col
    return Located(parent.line + 1, parent.col + 1, _indent_message(parent, siblings, alone))


def _sibling_of_parent(entries: list[_Entry], parent: _Entry, at: _Entry, position: int) -> Located | None:
    """A block indented a little too far ('cheap:' at 3 after a node's keys at 4): it is a sibling of `parent`.

    YAML compares it with `parent`'s children, but when those are keys of the
    format (a node's) and `at` is none and has lines under it (a node id),
    it is one of `parent`'s siblings; comparing it with them gives the right
    direction. A list item's keys are left alone: a key under a '- ' is never
    a sibling of the dash.
    """
    children = [e for e in _tops(entries, parent, position) if e.col == parent.child_col]
    known = any(e.name in format_keys() for e in children)
    if parent.name == "-" or at.child_col is None or at.name in format_keys() or not known:
        return None
    grand = _parent(entries[: entries.index(parent)], parent)
    siblings = [e for e in _tops(entries, grand, position) if e.col == parent.col]
    alone = at.child_col == parent.child_col
    return Located(at.line + 1, at.col + 1, _indent_message(at, siblings, alone)) if siblings else None


def _odd_one(tops: list[_Entry], at: _Entry) -> tuple[list[_Entry], list[_Entry]] | None:
    """The entries at the odd indentation and those at the usual one, among the first entry's and `at`'s.

    Fewer entries make the odd group; on a tie it is `at`'s, where YAML stopped.
    None when `at` is indented like the first entry (the trouble is not indentation).
    """
    if not tops or tops[0].col == at.col:
        return None
    odd = [e for e in tops if e.col == at.col]
    if not odd:  # `at` is not among the entries at this level: nothing to compare it with
        return None
    usual = [e for e in tops if e.col == tops[0].col]
    return (usual, odd) if len(usual) < len(odd) else (odd, usual)


def _indent_message(odd: _Entry, usual: list[_Entry], alone: bool = False) -> str:
    """The message for `odd` among `usual`; `alone` when the lines under `odd` already stand where they should."""
    named = [f"{e.line + 1} ({_what(e)})" for e in usual[:_MORE]]
    shown = f"line {named[0]}" if len(named) == 1 else f"lines {', '.join(named[:-1])} and {named[-1]}"
    verb = "is" if len(usual) == 1 else "are"
    move = odd.col - usual[0].col
    direction = f"{_spaces(abs(move))} {'left' if move > 0 else 'right'}"
    alone = alone or (odd.child_col is not None and odd.child_col == usual[0].child_col)  # only its own line moved
    under = " and the lines under it" if odd.child_col is not None and not alone else ""
    return (
        f"{_what(odd)} is indented {_spaces(odd.col)}, but {shown} at the same level {verb} indented "
        f"{usual[0].col}; line them up (move {_what(odd)}{under} {direction})"
    )


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _what(entry: _Entry) -> str:
    return "the '- '" if entry.name == "-" else f"'{entry.name}'"


def _parent(before: list[_Entry], at: _Entry) -> _Entry | None:
    """The nearest entry above `at` that lines can be indented under, less indented than `at`.

    A '- ' is never the parent of another '- ' at a deeper column: that is
    a list item indented unlike its siblings, not a list inside an item.
    """
    for entry in reversed(before):
        if entry.col < at.col and entry.child_col is not None and not (entry.name == at.name == "-"):
            return entry
    return None


def _tops(entries: list[_Entry], parent: _Entry | None, position: int) -> list[_Entry]:
    """The entries directly under `parent` (its children, not theirs), up to the first one back at its level.

    `position` is the index of the entry YAML stopped at: the block goes on at
    least that far, whatever the indentation of the lines before it.
    """
    start = 0 if parent is None else entries.index(parent) + 1
    floor = -1 if parent is None else parent.col
    tops: list[_Entry] = []
    open_: list[_Entry] = []
    for number, entry in enumerate(entries[start:], start):
        if entry.col <= floor and number >= position:
            break
        while open_ and entry.col < open_[-1].child_col:  # type: ignore[operator]
            open_.pop()
        if not open_:
            tops.append(entry)
        if entry.child_col is not None:
            open_.append(entry)
    return tops


def _entries(lines: list[str]) -> list[_Entry]:
    """The block structure of a file: every key and every '- ', skipping text, comments and block scalars."""
    entries: list[_Entry] = []
    block_indent = -1  # > -1 while inside a block scalar (| or >) whose key was at this indentation
    for number, line in enumerate(lines):
        if not _content(line):
            continue
        indent = _indent(line)
        if block_indent >= 0 and indent > block_indent:
            continue
        block_indent = -1
        col, rest = indent, line[indent:]
        while rest.startswith("- ") or rest.rstrip() == "-":
            step = len(rest) - len(rest[1:].lstrip()) if rest.strip() != "-" else 2
            entries.append(_Entry(number, col, "-", col + step))
            col, rest = col + step, rest[step:]
        key = _KEY.match(" " * col + rest)
        if key is not None:
            value = _without_comment(" " * col + rest)[key.end() :].strip()
            entries.append(_Entry(number, col, key["key"].strip("'\""), None if value else col + 1))
            if _BLOCK_SCALAR.search(_without_comment(line)):
                block_indent = col
    return _children_columns(entries)


def _children_columns(entries: list[_Entry]) -> list[_Entry]:
    """A key's children stand where its first child stands, as YAML decides: set each key's child column so."""
    fixed: list[_Entry] = []
    for number, entry in enumerate(entries):
        following = entries[number + 1] if number + 1 < len(entries) else None
        if entry.name != "-" and entry.child_col is not None and following is not None and following.col > entry.col:
            entry = _Entry(entry.line, entry.col, entry.name, following.col)
        fixed.append(entry)
    return fixed


def _opens_block(lines: list[str], index: int, col: int) -> bool:
    """True when the next line with content is indented more than column `col`: the key has children."""
    following = next((n for n in range(index + 1, len(lines)) if _content(lines[n])), None)
    return following is not None and _indent(lines[following]) > col


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line above `index` with content (not blank, not only a comment)."""
    return next((n for n in range(index - 1, -1, -1) if _content(lines[n])), None)


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _without_comment(line: str) -> str:
    """The line without a trailing ' # comment' (a '#' right after a character is text, as in YAML)."""
    found = re.search(r"(^|\s)#", line)
    return line if found is None else line[: found.start()]
