"""Scenario texts several test modules build on."""

from __future__ import annotations


def deep_condition_scenario(condition: str) -> str:
    return f"""offscript: 1
id: deep
title: Deep
summary: A condition beyond the limits
variables:
  trust: 1
start: a
nodes:
  a:
    text: Hi
    choices:
      - {{text: Go, if: "{condition}", goto: b, feedback: Fine.}}
  b: {{text: Bye, ending: {{title: End, outcome: failure}}}}
"""
