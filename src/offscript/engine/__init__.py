"""The pure-Python scenario engine: load, check, play and analyse. Never imports Textual."""
