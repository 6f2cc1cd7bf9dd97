"""The Textual game. Imported only when the TUI runs (cli.py imports it lazily)."""
