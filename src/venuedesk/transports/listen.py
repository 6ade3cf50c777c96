"""The listening socket of `venuedesk serve`, bound before anything claims to be serving, so a busy port, a
privileged port or a foreign address ends start-up with one line saying so (ListenError)."""

from __future__ import annotations

import errno
import socket


class ListenError(OSError):
    """The server cannot listen on the address asked for; the message says why and what to do."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (IPPROTO_TCP, so asyncio sets TCP_NODELAY on accepted connections; inheritable, so
    `--workers N` can share it); ListenError when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise listen_error(host, port, exc) from exc
    sock.set_inheritable(True)
    return sock


def listen_error(host: str, port: int, error: OSError) -> ListenError:
    """The one-line explanation of a failed bind."""
    where = f"cannot serve on {host_port(host, port)}"
    if error.errno == errno.EADDRINUSE:
        return ListenError(f"{where}: the port is already in use (another server listens there); stop it or "
                           f"choose another port: venuedesk serve --port 8100 (make run PORT=8100)")
    if error.errno == errno.EACCES:
        return ListenError(f"{where}: permission denied (ports below 1024 need privileges); choose a port from "
                           f"1024 up with --port")
    if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
        return ListenError(f"{where}: {host!r} is not an address of this machine; use --host 127.0.0.1 (this "
                           f"machine only) or --host 0.0.0.0 (every interface)")
    return ListenError(f"{where}: {error.strerror or error}; check --host and --port")


def host_port(host: str, port: int) -> str:
    """`host:port`, with an IPv6 host in brackets as a URL needs it."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
