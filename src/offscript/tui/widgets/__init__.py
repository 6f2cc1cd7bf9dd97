"""The game's widgets, one file each."""
