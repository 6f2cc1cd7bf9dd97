"""Classroom play as plain data: the class session's phases, votes, teams and decisions, with no Textual and no
network, so it is tested as pure Python and the projector screen (and later the phones) only show it."""
