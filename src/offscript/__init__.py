"""Offscript: practise real customer conversations in the terminal."""

__version__ = "0.1.0"
