"""Presentation that is not a screen: a run as plain text, Markdown and HTML, and the score-change words they share.

Pure functions of engine values; never imports Textual or the storage.
"""
