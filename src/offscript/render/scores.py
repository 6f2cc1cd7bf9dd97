"""The words for a choice's score changes, written once for the game, the command line and the exports."""

from __future__ import annotations

from collections.abc import Mapping

from offscript.engine.model import SCORE_LABELS, SCORES


def score_changes(score: Mapping[str, int]) -> list[tuple[str, int]]:
    """(label, change) for each score a choice moves, in the order the game always shows the scores."""
    return [(SCORE_LABELS[name], score[name]) for name in SCORES if score.get(name, 0)]


def score_changes_text(score: Mapping[str, int], none: str = "") -> str:
    """'Empathy +2, Customer first -1'; `none` when the choice moves no score."""
    return ", ".join(f"{label} {change:+d}" for label, change in score_changes(score)) or none


def score_totals_text(scores: Mapping[str, int]) -> str:
    """'Empathy +2, Ownership +0, Customer first -1': every total, zero included."""
    return ", ".join(f"{SCORE_LABELS[name]} {scores.get(name, 0):+d}" for name in SCORES)
