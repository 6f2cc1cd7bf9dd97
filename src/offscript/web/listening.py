"""The room's listening socket, bound with the standard library only: the game binds it before aiohttp is
imported (so the lobby can show its URL at once), and the server's own `start` binds the same way."""

from __future__ import annotations

import socket


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket listening on host:port (0: any free port), of the address's own family."""
    family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a class restarted at once gets its port back
        sock.bind(address)
        sock.listen(256)  # a room scanning the QR code at once
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock
