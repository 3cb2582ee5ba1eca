"""Two runs side by side: a compare link opens both, and each equals its run opened alone."""

from __future__ import annotations

import numpy as np
import pytest
from app_session import ask_for_frames, live_payload, live_scene, open_app

from playground.config import Config
from playground.experiment import Experiment

LINK = {"dataset": "spiral", "layers": "6,4", "compare": "activation:relu,lr:0.1,batch:20"}


def _runs(at):
    return at.session_state["_experiment"], at.session_state["_experiment_b"]


def test_a_compare_link_trains_both_runs_in_lockstep_each_as_if_alone() -> None:
    at = open_app(LINK)
    first, second = _runs(at)
    assert second.cfg == Config.from_query({**LINK, "compare": ""})[0].replace(
        activation=("relu",), lr=0.1, batch=20
    )
    np.testing.assert_array_equal(first.train.X, second.train.X)  # the same data
    at.button(key="play").click().run()
    for _ in range(3):
        ask_for_frames(at, 6)
    frames = live_payload(at)["frames"]
    assert all(frame["step"] == frame["b"]["step"] for frame in frames)  # lockstep
    steps = first.trainer.steps
    assert steps == second.trainer.steps > 0
    # Each side is exactly the run its own settings give when opened alone.
    for run, cfg in ((first, first.cfg.replace(compare=())), (second, second.cfg)):
        alone = Experiment(cfg)
        for _ in range(steps // cfg.speed):
            alone.trainer.step(cfg.speed)
        for mine, theirs in zip(run.net.weights, alone.net.weights, strict=True):
            np.testing.assert_array_equal(mine, theirs)


def test_the_scene_names_what_differs_and_the_curves_carry_both_runs() -> None:
    at = open_app(LINK)
    scene = live_scene(at)
    assert scene["compare"]["left"] == "Activation tanh · Learning rate 0.03 · Batch size 10"
    assert scene["compare"]["right"] == "Activation relu · Learning rate 0.1 · Batch size 20"
    assert scene["compare"]["activations"] == ["relu", "relu"]
    for _ in range(2):
        at.button(key="step_epoch").click().run()
    first, second = _runs(at)
    # Epoch ends the first run's epoch; the second run (other batch size) takes as many steps.
    assert first.trainer.steps == second.trainer.steps == 50
    assert first.trainer.epoch_fraction == 2.0 and second.trainer.epoch_fraction != 2.0
    history = live_payload(at)["frames"][-1]
    assert history["step"] == history["b"]["step"] == 50
    at.button(key="reset").click().run()
    assert (first.trainer.steps, second.trainer.steps) == (0, 0)


def test_identical_initial_weights_where_the_networks_match() -> None:
    at = open_app({"layers": "5", "compare": "lr:1,optimizer:adam"})
    first, second = _runs(at)
    for a, b in zip(first.net.weights, second.net.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("value", "kept", "warning"),
    [
        ("lr:0.05", (("lr", "0.03"),), None),  # snapped to the same rate: nothing differs
        ("noise:10", (), "cannot differ"),
        ("lr", (), "is not setting:value"),
        ("layers:99,activation:relu", (("layers", "8"), ("activation", "relu")), "above the max"),
        ("lr:0.1,lr:0.3", (("lr", "0.3"),), "given twice"),
        ("<script>:1," * 200, (), "cannot differ"),
    ],
)
def test_a_compare_link_passes_the_gate(value, kept, warning) -> None:
    cfg, warnings = Config.from_query({"compare": value})
    if kept == (("lr", "0.03"),):
        assert cfg.compare == () and any("same as the first" in w for w in warnings)
        return
    assert cfg.compare == kept
    assert warning is None or any(warning in w for w in warnings)
    assert all(len(w) < 200 for w in warnings)
