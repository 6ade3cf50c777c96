"""The socket `serve --workers N` shares is a TCP socket, so asyncio turns Nagle off on every connection."""

from __future__ import annotations

import socket

from venuedesk.transports.server import tcp_socket


def test_the_shared_socket_is_ipproto_tcp_and_inheritable() -> None:
    sock = tcp_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.type == socket.SOCK_STREAM and sock.get_inheritable()
    finally:
        sock.close()


def test_accepted_connections_of_the_shared_socket_qualify_for_tcp_nodelay() -> None:
    listener = tcp_socket("127.0.0.1", 0)
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.proto == socket.IPPROTO_TCP
    finally:
        for sock in (accepted, client, listener):
            sock.close()
