"""How long a playthrough takes to read: words counted the one way, minutes at a stated speed.

`analyze`, `validate` (a `minutes` far from the playthroughs) and `playtest`'s
random play all estimate time from these counts, so their figures agree. A
player reads, at each node entered, its text; at a decision, every option
(the offered subset varies, so all of them are counted: a player scans them
all); after a choice, the coach's feedback; at an ending, its title and
debrief. `{name}` placeholders count as one word each.
"""

from __future__ import annotations

from offscript.engine.model import Choice, Node

WORDS_PER_MINUTE = 200  # a steady on-screen reading speed for prose with decisions in it


def words(text: str) -> int:
    """The words in a text: runs of non-space characters."""
    return len(text.split())


def node_words(node: Node) -> int:
    """The words read on entering a node: its text, its options, or its ending."""
    count = words(node.text)
    if node.kind == "choices":
        count += sum(words(choice.text) for choice in node.choices)
    elif node.ending is not None:
        count += words(node.ending.title) + words(node.ending.debrief)
    return count


def choice_words(choice: Choice) -> int:
    """The words read after taking a choice: the coach's feedback."""
    return words(choice.feedback)


def minutes(word_count: int) -> float:
    """Reading minutes for a number of words at `WORDS_PER_MINUTE`."""
    return word_count / WORDS_PER_MINUTE
