"""TCP_NODELAY on the process's TCP sockets: the listener, its connections, and nothing else."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground import sockets

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the open descriptors from /proc"
)


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A listening socket bound the way Streamlit 1.67 binds its own: protocol number 0."""
    server = socket.socket(family=socket.AF_INET)
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server
    server.close()


def connect(server: socket.socket) -> tuple[socket.socket, socket.socket]:
    """A client connected to `server`, and the server's side of that connection."""
    client = socket.create_connection(server.getsockname())
    accepted, _ = server.accept()
    return client, accepted


def test_a_listener_bound_with_protocol_zero_starts_with_nagle_on(listener):
    # asyncio sets TCP_NODELAY only where proto == IPPROTO_TCP; this is the case it skips.
    assert listener.proto == 0
    _, accepted = connect(listener)
    assert accepted.proto == 0
    assert nodelay(listener) == 0 and nodelay(accepted) == 0


def test_open_sockets_and_later_connections_get_nodelay(listener):
    before_client, before = connect(listener)
    count = sockets.disable_nagle.__wrapped__()
    assert count >= 3  # the listener and both ends of the connection made before
    assert nodelay(listener) == 1 and nodelay(before) == 1 and nodelay(before_client) == 1
    _, after = connect(listener)
    assert nodelay(after) == 1  # inherited from the listener


def test_only_tcp_sockets_are_touched():
    read_end, write_end = os.pipe()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    local, remote = socket.socketpair(socket.AF_UNIX)
    try:
        assert not sockets.set_nodelay(read_end)
        assert not sockets.set_nodelay(udp.fileno())
        assert not sockets.set_nodelay(local.fileno())
        assert not sockets.set_nodelay(10_000)  # no such descriptor
        os.write(write_end, b"x")  # the descriptors stay open and usable
        assert os.read(read_end, 1) == b"x"
        local.sendall(b"y")
        assert remote.recv(1) == b"y"
    finally:
        for fd in (read_end, write_end):
            os.close(fd)
        for sock in (udp, local, remote):
            sock.close()


def test_a_tcp_socket_stays_open_after(listener):
    client, accepted = connect(listener)
    assert sockets.set_nodelay(accepted.fileno())
    client.sendall(b"still open")
    assert accepted.recv(10) == b"still open"


def test_the_app_sets_it_on_the_servers_sockets(listener):
    sockets.disable_nagle.cache_clear()  # another test of this process may have run the app
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert nodelay(listener) == 1
