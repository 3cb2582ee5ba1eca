"""The live view's channel to the server, in Chromium: one action in flight, resends that back
off, and a copy of the view that is not on the page stays silent."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

# Ages the action in flight by `ms`, runs the channel's timer step and returns what it sent.
SCRIPT = """
([steps]) => {
  const NNP = window.NNPlayground;
  const playback = new NNP.Playback();
  const sent = [];
  playback.setTriggerValue = (name, message) => sent.push(message.type);
  const log = [];
  for (const [op, arg] of steps) {
    if (op === "action") playback.action({ type: arg });
    if (op === "age") playback.pending.sent -= arg;
    if (op === "flush") playback.flush();
    if (op === "answer") playback.answered(playback.pending.seq, playback.pending.sent + arg);
    if (op === "hide") playback.canSend = () => false;
    if (op === "show") playback.canSend = () => true;
    log.push([op, sent.length, playback.resends, Boolean(playback.pending)]);
  }
  clearInterval(playback._resendTimer);
  return { sent, log };
}
"""


def _run(page: Any, steps: list[tuple[str, Any]]) -> dict[str, Any]:
    return page.evaluate(SCRIPT, [steps])


def test_an_unanswered_action_is_sent_again_after_twice_as_long_each_time(live_code: Any) -> None:
    result = _run(
        live_code,
        [
            ("action", "more"),
            ("age", 3900),
            ("flush", None),  # 3.9 s: still waiting
            ("age", 200),
            ("flush", None),  # 4.1 s: sent again
            ("age", 4100),
            ("flush", None),  # 4.1 s after the resend: the second try waits 8 s
            ("age", 4000),
            ("flush", None),  # 8.1 s: sent a third time
            ("answer", 50),
        ],
    )
    sends = [entry[1] for entry in result["log"]]
    assert sends == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3]
    assert result["log"][-2][2] == 2  # two resends before the answer
    assert result["log"][-1][2:] == [0, False]  # answered: nothing in flight, count reset


def test_a_slow_server_is_given_three_answer_times_before_a_resend(live_code: Any) -> None:
    result = _run(
        live_code,
        [
            ("action", "scene"),
            ("answer", 3000),  # answers take 3 s
            ("action", "more"),
            ("age", 5000),
            ("flush", None),  # 5 s < 3 × 3 s: still waiting
            ("age", 4100),
            ("flush", None),  # 9.1 s: sent again
        ],
    )
    assert [entry[1] for entry in result["log"]] == [1, 1, 2, 2, 2, 2, 3]
    assert result["sent"] == ["scene", "more", "more"]


def test_a_view_that_is_not_on_the_page_sends_nothing_until_it_is(live_code: Any) -> None:
    result = _run(
        live_code,
        [("hide", None), ("action", "scene"), ("flush", None), ("show", None), ("flush", None)],
    )
    assert [entry[1] for entry in result["log"]] == [0, 0, 0, 0, 1]
    assert result["sent"] == ["scene"]


# Queues `frames`, sends a "more" at time 0 with answers expected after `latency` ms, and shows
# frames at each animation frame (60/s) until the answer comes at `answer_at`: the times shown.
PACING = """
([frames, latency, answerAt]) => {
  const playback = new window.NNPlayground.Playback();
  playback.setTriggerValue = () => {};
  playback.latency = latency;
  playback.queue = Array.from({ length: frames }, (_, i) => i);
  playback.action({ type: "more" });
  clearInterval(playback._resendTimer);
  playback.pending.sent = 0;
  const shown = [];
  for (let now = 1000 / 60; now < answerAt; now += 1000 / 60) {
    if (playback.next(now) !== null) shown.push(now);
  }
  return { shown, left: playback.queue.length };
}
"""


def _pacing(page: Any, latency: float, answer_at: float) -> tuple[list[float], int, float]:
    """Frames shown, frames left and the longest still picture before the answer."""
    result = page.evaluate(PACING, [40, latency, answer_at])
    edges = [0.0, *result["shown"], answer_at]
    longest = max(later - earlier for earlier, later in zip(edges, edges[1:], strict=False))
    return result["shown"], result["left"], longest


def test_frames_are_spread_over_the_expected_answer_with_frames_in_hand(live_code: Any) -> None:
    shown, left, longest = _pacing(live_code, 3000, 3000)
    assert left >= 6  # the margin: an answer a little late still finds frames queued
    assert longest < 150  # 40 frames over 3 s with a margin: a steady ~10 a second
    assert 25 <= len(shown) <= 34


def test_a_late_answer_slows_the_picture_down_instead_of_stopping_it(live_code: Any) -> None:
    shown, _, longest = _pacing(live_code, 3000, 4500)  # half as late again
    assert longest < 500 and shown[-1] > 3750
    shown, _, longest = _pacing(live_code, 3000, 6000)  # twice as late
    # Without rationing the queue ran dry at the expected time and the picture stood still to
    # the answer (2.25 s here); rationed, frames keep coming well past it.
    assert shown[-1] > 4500
    assert longest < 1500


def test_the_answer_time_rises_at_once_and_falls_slowly(live_code: Any) -> None:
    result = live_code.evaluate(
        """() => {
          const playback = new window.NNPlayground.Playback();
          playback.setTriggerValue = () => {};
          const seen = [];
          for (const took of [100, 100, 100, 3000, 100, 100]) {
            playback.action({ type: "more" });
            playback.answered(playback.pending.seq, playback.pending.sent + took);
            seen.push(playback.latency);
          }
          clearInterval(playback._resendTimer);
          return seen;
        }"""
    )
    assert result[:3] == [100, 100, 100]
    assert result[3] == 1550  # half way to a slower answer in one step
    assert result[4] == 1260 and result[5] == 1028  # a fifth of the way back each time
