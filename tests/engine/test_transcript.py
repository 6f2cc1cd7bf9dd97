"""The engine's transcript: what was said and chosen, with every `{name}` as it was at that moment."""

from __future__ import annotations

from pathlib import Path

from offscript.engine.loader import load_file
from offscript.engine.transcript import build_transcript
from offscript.render.html import to_html
from offscript.render.markdown import to_markdown

TEMPLATED = Path(__file__).resolve().parents[1] / "fixtures" / "tui" / "templated.yaml"


def test_decisions_fill_in_feedback_with_the_values_after_the_choice() -> None:
    result = load_file(TEMPLATED)
    assert result.scenario is not None
    # ask (trust 1 -> 2), ask again (2 -> 3), move on to the price, then say it depends
    transcript = build_transcript(result.scenario, [("open", 0), ("open", 0), ("open", 1), ("price", 1)])
    first, second, third, fourth = transcript.decisions
    assert first.chosen_feedback == "Trust is now 2; every real question adds to it."
    assert second.chosen_feedback == "Trust is now 3; every real question adds to it."
    assert third.chosen_feedback == "You moved on with trust at 3."
    assert third.was_best  # leaving a question hub is no mistake: getting to the price is the only way on
    assert fourth.chosen_feedback == "Vague, at trust 3."
    assert fourth.best_feedback == "Plain and complete, at trust 3."
    ending = transcript.items[-1]
    assert ending.kind == "ending" and ending.debrief == "You finished with trust at 3."


def test_exports_show_the_filled_in_feedback() -> None:
    result = load_file(TEMPLATED)
    assert result.scenario is not None
    transcript = build_transcript(result.scenario, [("open", 0), ("open", 1), ("price", 0)])
    scores = {"empathy": 1, "ownership": 1, "customer_first": -1}
    for document in (to_markdown(transcript, scores, result.analysis), to_html(transcript, scores, result.analysis)):
        assert "Trust is now 2; every real question adds to it." in document
        assert "You finished with trust at 2." in document
        assert "{trust}" not in document


def test_exports_say_why_the_best_on_offer_is_better() -> None:
    result = load_file(Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml")
    assert result.scenario is not None
    transcript = build_transcript(result.scenario, [("hub", 0), ("hub", 3), ("offer", 0)])
    scores = {"empathy": 1, "ownership": 1, "customer_first": 3}
    why = "It keeps a success ending within reach; after your choice the best ending left was failure."
    markdown = to_markdown(transcript, scores, result.analysis)
    assert "> Best on offer here: Send a technician today" in markdown and f"> Why: {why}" in markdown
    assert f"<p class=best>Why: {why}</p>" in to_html(transcript, scores, result.analysis)
