"""The format's files for authors, shipped in the wheel: the JSON Schema and the starter scenario.

They are data, read with `importlib.resources` by the commands that print or
copy them (`offscript schema`, `offscript new`); nothing here is imported by the
engine or the game.
"""
