"""One id, one scenario: the check that needs several files at once (OS600).

A scenario's id names it in the library, in `offscript play ID`, in the
history and in saves. Each file alone can be valid while two of them share an
id; only a client that reads several files (`validate` over a folder, the
library) can see it, so the check lives here, beside the loader, and those
clients call it. Each clash is reported in every file involved, at the value
of its `id:` key, naming the other files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from offscript.engine.diagnostics import Diagnostic
from offscript.engine.reading import read_scenario_file
from offscript.engine.result import LoadResult

CODE = "OS600"


def id_position(path: str) -> tuple[int, int]:
    """The 1-based line and column of the value of the top-level `id:` key; (1, 1) when the file says none.

    The model keeps no marks, so the file is read again; this happens only for
    a file whose id clashes, which is rare, and keeps the YAML parser off the
    library's usual path.
    """
    from offscript.engine.source import Mapping, parse

    data = read_scenario_file(path)
    if isinstance(data, Diagnostic):
        return 1, 1
    tree, _ = parse(data, path)
    if not isinstance(tree, Mapping) or "id" not in tree.items:
        return 1, 1
    value = tree.items["id"][1]
    return value.line, value.col


def _names(paths: Iterable[str]) -> str:
    """'a.yaml', 'a.yaml and b.yaml', 'a.yaml, b.yaml and c.yaml'."""
    quoted = list(paths)
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def clash(path: str, scenario_id: str, others: Sequence[str], consequence: str) -> Diagnostic:
    """The OS600 error in `path`, at its id, naming the other files that use the same id."""
    line, col = id_position(path)
    message = f"id '{scenario_id}' is also used by {_names(others)}; {consequence}"
    return Diagnostic(path, line, col, "error", CODE, message)


SAME_ID = "the library can offer only one scenario per id: give each scenario its own id"


def duplicate_ids(results: Iterable[LoadResult]) -> list[Diagnostic]:
    """An OS600 error in each loaded scenario whose id another one also uses, in the order given.

    Files that did not load have no id to clash with; the same file given
    twice is one file (the caller passes each file once).
    """
    by_id: dict[str, list[str]] = {}
    for result in results:
        if result.scenario is not None:
            by_id.setdefault(result.scenario.id, []).append(result.path)
    return [
        clash(path, scenario_id, [other for other in paths if other != path], SAME_ID)
        for scenario_id, paths in by_id.items()
        if len(paths) > 1
        for path in paths
    ]
