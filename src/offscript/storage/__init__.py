"""Saves, history and transcripts on disk. Pure Python: never imports Textual.

Every write is atomic and every read survives a corrupt file: a file that
cannot be read is moved aside untouched and reported in one line, and the
game goes on.
"""
