"""The layer-space view in the running app: which layer's points the frames carry."""

from __future__ import annotations

from app_session import live_payload, open_app, send_action


def test_the_layer_space_view_sends_the_chosen_layer_and_falls_back_when_it_is_gone() -> None:
    at = open_app({"layers": "4,2"})
    assert "space" not in live_payload(at)["frames"][-1]  # only while the view is shown
    at.toggle(key="layer_space").set_value(True).run()
    space = live_payload(at)["frames"][-1]["space"]
    assert (space["layer"], space["units"]) == (2, [0, 1])  # the last hidden layer by default
    send_action(at, {"type": "space", "layer": 1, "i": 3, "j": 1})
    space = live_payload(at)["frames"][-1]["space"]
    assert (space["layer"], space["units"]) == (1, [3, 1])
    send_action(at, {"type": "space", "layer": 7, "i": "x", "j": -1})  # nonsense: the default
    assert live_payload(at)["frames"][-1]["space"]["layer"] == 2
    at.text_input(key="layers").set_value("3").run()  # the chosen layer is gone: the default
    space = live_payload(at)["frames"][-1]["space"]
    assert (space["layer"], space["units"]) == (1, [0, 1])
    at.text_input(key="layers").set_value("0").run()  # no hidden layer: nothing to show
    assert "space" not in live_payload(at)["frames"][-1]
    assert not at.exception
