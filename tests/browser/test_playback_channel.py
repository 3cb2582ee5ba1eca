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
