"""TCP_NODELAY on the server's sockets, which Streamlit's own listening socket leaves unset.

Streamlit 1.67 binds its listening socket as `socket.socket(family)`, whose protocol number
is 0, and asyncio sets TCP_NODELAY on an accepted connection only when that number is
IPPROTO_TCP. So Nagle's algorithm stays on: a response whose headers and body are written
separately, or a websocket message that follows another unacknowledged one, waits for the
browser's delayed acknowledgement, 40 ms on Linux. A first page load asks for about 60 small
JavaScript files over 6 connections, and every one of them waited.
"""

from __future__ import annotations

import os
import socket
from functools import cache

FD_DIR = "/proc/self/fd"  # Linux: the process's open descriptors


def set_nodelay(fd: int) -> bool:
    """Set TCP_NODELAY on descriptor `fd` if it is a TCP socket; say whether it was one."""
    try:
        if not os.readlink(f"{FD_DIR}/{fd}").startswith("socket:"):
            return False
        sock = socket.socket(fileno=os.dup(fd))  # the same socket; closing it keeps `fd` open
    except OSError:  # closed meanwhile, or not a socket Python can wrap
        return False
    with sock:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return False
        if sock.type != socket.SOCK_STREAM:
            return False
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return True


@cache
def disable_nagle() -> int:
    """Set TCP_NODELAY on every open TCP socket of this process, once; return how many.

    The listening socket is among them, and Linux copies the option to each connection it
    accepts afterwards, so later page loads and websockets get it too. Elsewhere (no /proc)
    this does nothing.
    """
    if not os.path.isdir(FD_DIR):
        return 0
    return sum(set_nodelay(int(name)) for name in os.listdir(FD_DIR))
