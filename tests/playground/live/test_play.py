"""Sessions take turns at training in the order they asked (playground/live/play.py)."""

from __future__ import annotations

import threading
import time

import pytest

from playground.live.play import Turns

WAIT_S = 10.0


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.001)


def test_waiting_threads_get_their_turn_in_the_order_they_asked() -> None:
    turns = Turns()
    order: list[int] = []
    inside = [0]
    most_inside = [0]

    def session(number: int) -> None:
        with turns:
            inside[0] += 1
            most_inside[0] = max(most_inside[0], inside[0])
            order.append(number)
            time.sleep(0.002)
            inside[0] -= 1

    threads = []
    with turns:  # the first holder: everyone after it must queue
        for number in range(12):
            thread = threading.Thread(target=session, args=(number,))
            thread.start()
            threads.append(thread)
            _wait_until(lambda n=number: turns.waiting() == n + 1, f"session {number} to queue")
    for thread in threads:
        thread.join(WAIT_S)
    assert order == list(range(12))
    assert most_inside[0] == 1  # one at a time
    assert turns.waiting() == 0


def test_the_turn_passes_on_when_the_holder_fails() -> None:
    turns = Turns()
    got_turn = threading.Event()

    def later() -> None:
        with turns:
            got_turn.set()

    with pytest.raises(RuntimeError), turns:
        thread = threading.Thread(target=later)
        thread.start()
        _wait_until(lambda: turns.waiting() == 1, "the second thread to queue")
        raise RuntimeError("training failed")
    assert got_turn.wait(WAIT_S)
    thread.join(WAIT_S)
    with turns:  # free again
        assert turns.waiting() == 0
