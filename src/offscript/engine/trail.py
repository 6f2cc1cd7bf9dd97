"""An immutable sequence that grows at its end in constant time: a run's path and its steps.

Every move makes a new run and keeps the old one (undo, rewind and the walk's
events all hold earlier runs). With tuples, each move copied the whole path so
far: a run of n moves cost n²/2 copies, and `offscript run` on a long chain of
`next` nodes was quadratic. A `Trail` shares everything before its newest items
with the trail it grew from, so growing costs only the new items and no trail
ever changes. Reading it whole (iteration, equality, JSON) builds one tuple,
once, and keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar, overload

T = TypeVar("T")


class Trail(Sequence[T], Generic[T]):
    """Items in order: the `_before` trail, then `_tail`; equal to the tuple or trail with the same items."""

    __slots__ = ("_before", "_tail", "_length", "_items")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._before: Trail[T] | None = None
        self._tail: tuple[T, ...] = tuple(items)
        self._length = len(self._tail)
        self._items: tuple[T, ...] | None = self._tail

    def plus(self, items: Iterable[T]) -> Trail[T]:
        """This trail with `items` after it; this one is shared, not copied."""
        tail = tuple(items)
        if not tail:
            return self
        grown: Trail[T] = Trail.__new__(Trail)
        grown._before, grown._tail, grown._length, grown._items = self, tail, self._length + len(tail), None
        return grown

    @property
    def items(self) -> tuple[T, ...]:
        """All items as one tuple, built by a loop over the shared parts (never recursion) and kept."""
        if self._items is None:
            parts: list[tuple[T, ...]] = []
            trail: Trail[T] | None = self
            while trail is not None and trail._items is None:
                parts.append(trail._tail)
                trail = trail._before
            if trail is not None:
                parts.append(trail._items or ())
            self._items = tuple(item for part in reversed(parts) for item in part)
        return self._items

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, int) and index in (-1, self._length - 1) and self._tail:
            return self._tail[-1]  # the newest item, asked for after every move: no tuple built
        return self.items[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Trail):
            return self._length == other._length and self.items == other.items
        if isinstance(other, tuple):
            return self.items == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return f"Trail({self.items!r})"
