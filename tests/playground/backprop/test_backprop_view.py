"""The backprop tab run by AppTest: alone for many architectures, and inside the real app."""

from __future__ import annotations

import re

import numpy as np
import pytest
from app_session import first_picture
from streamlit.testing.v1 import AppTest

from playground.backprop import matrices as tex
from playground.config import Config
from playground.experiment import Experiment
from playground.text import number

TAB_APP = "../apps/backprop_tab_app.py"
REAL_APP = "../../../streamlit_app.py"
TIMEOUT = 60

ARCHITECTURES = {
    "default": {},
    "one_hidden": {"layers": "3"},
    "no_hidden": {"layers": ""},
    "deep_multiclass_l2": {
        "dataset": "blobs",
        "classes": "4",
        "layers": "8,8,8,8,8,8",
        "features": "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2",
        "reg": "l2",
        "rate": "0.01",
    },
    "regression_relu": {"dataset": "plane", "layers": "5", "activation": "relu"},
    "mixed_l1": {"layers": "2,3", "activation": "relu,sigmoid", "reg": "l1", "rate": "0.003"},
}


def run_tab(query: dict[str, str], app: str = TAB_APP) -> AppTest:
    at = AppTest.from_file(app, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.session_state["lower_tab"] = "Backprop step by step"  # drawn only when open
    at.run()
    if app == REAL_APP:
        first_picture(at)  # the lower tabs follow the live view's first picture
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(query: dict[str, str], rows: np.ndarray):
    """An independent experiment with the same seed, and the engine's backprop on some rows."""
    cfg, _ = Config.from_query(query)
    experiment = Experiment(cfg)
    reg = None if cfg.reg == "none" or cfg.rate == 0 else cfg.reg
    bp = experiment.net.backprop(
        experiment.X_train[rows], experiment.train.y[rows], regularization=reg, rate=cfg.rate
    )
    return cfg, experiment, bp


def latex_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.latex)


def latex_with(at: AppTest, marker: str) -> str:
    found = [element.value for element in at.latex if marker in element.value]
    assert found, f"no LaTeX element contains {marker!r}"
    return found[0]


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_tab_shows_the_engine_numbers_for_a_point_chosen_by_index(name):
    query = ARCHITECTURES[name]
    at = run_tab(query)
    at.selectbox(key="bp_point").set_value(3).run()
    assert not at.exception
    cfg, experiment, bp = expected(query, np.array([3]))
    text = latex_text(at)
    for layer in range(experiment.net.n_layers):
        assert tex.number(bp.trace.z[layer][0, 0]) in text
        assert tex.number(bp.trace.a[layer][0, -1]) in text
        assert tex.number(bp.delta[layer][0, 0]) in text
        assert tex.number(bp.grads.weights[layer][-1, 0]) in text
        assert tex.number(bp.grads.biases[layer][0]) in text
    assert tex.number(bp.data_loss) in latex_with(at, r"\ell &=")
    if cfg.reg != "none":
        assert tex.number(bp.loss) in latex_with(at, r"L = \ell +")
    checks = [e.label for e in at.expander if e.label.startswith("Gradient check")]
    assert len(checks) == experiment.net.n_layers
    errors = [float(re.search(r"relative error (\S+)$", label).group(1)) for label in checks]
    assert max(errors) < 1e-6
    assert all("all agree" in label for label in checks)


def test_selected_weight_shows_its_chain_rule_value():
    query = {"layers": "4,3"}
    at = run_tab(query)
    at.selectbox(key="bp_point").set_value(11)
    at.selectbox(key="bp_layer").set_value(2).run()
    at.selectbox(key="bp_from_2").set_value(3)
    at.selectbox(key="bp_to_2").set_value(1).run()
    assert not at.exception
    _, experiment, bp = expected(query, np.array([11]))
    chain = latex_with(at, r"\partial w^{2}_{42}")
    assert tex.number(bp.grads.weights[1][3, 1]) in chain
    assert tex.number(bp.trace.a[0][0, 3]) in chain  # a^1_4, the input the weight multiplies
    assert tex.number(bp.delta[1][0, 1]) in latex_with(at, r"\text{the 1 path}")
    at.selectbox(key="bp_layer").set_value(1).run()
    at.selectbox(key="bp_from_1").set_value(1)
    at.selectbox(key="bp_to_1").set_value(2).run()
    chain = latex_with(at, r"\partial w^{1}_{23}")
    assert tex.number(bp.grads.weights[0][1, 2]) in chain
    assert tex.number(experiment.X_train[11, 1]) in chain  # x_2 = a^0_2
    # 3 paths lead from z^1_3 through the 3 units of layer 2 to the single output
    paths = latex_with(at, r"\text{all 3 paths}")
    assert tex.number(bp.delta[0][0, 2]) in paths
    a1, a2 = bp.trace.a[0][0], bp.trace.a[1][0]  # tanh layers: f'(z) = 1 - a^2
    W2, W3 = experiment.net.weights[1], experiment.net.weights[2]
    error = bp.trace.a[2][0, 0] - experiment.train.y[11]
    via_unit_2 = (1 - a1[2] ** 2) * W2[2, 1] * (1 - a2[1] ** 2) * W3[1, 0] * error
    route = paths.split(r"(3 \to 2 \to 1)\colon")[1].split(r"\\")[0]
    assert route.rstrip().endswith("= " + tex.number(via_unit_2))


def test_batch_section_uses_the_trainers_next_batch():
    query = {"layers": "3", "batch": "5", "seed": "4"}
    at = run_tab(query)
    cfg, experiment, _ = expected(query, np.array([0]))
    # A fresh trainer shuffles with default_rng(seed) before its first step.
    batch = np.random.default_rng(cfg.seed).permutation(len(experiment.X_train))[: cfg.batch]
    _, _, bp = expected(query, batch)
    layer, i, j = 1, 0, 0  # the default selection
    equation = latex_with(at, r"L_{\text{batch}}")
    assert tex.number(bp.grads.weights[layer - 1][i, j]) in equation
    shown = at.dataframe[-1].value
    np.testing.assert_array_equal(shown["point"].to_numpy(), batch)


@pytest.mark.parametrize("scope", ["point", "batch"])
def test_apply_one_step_changes_the_live_network_by_minus_lr_grad(scope):
    query = {"layers": "3,2", "lr": "0.1", "reg": "l2", "rate": "0.01"}
    at = run_tab(query)
    at.selectbox(key="bp_point").set_value(5).run()
    at.radio(key="bp_scope").set_value(scope).run()
    cfg, experiment, _ = expected(query, np.array([5]))
    rows = (
        np.array([5])
        if scope == "point"
        else np.random.default_rng(cfg.seed).permutation(len(experiment.X_train))[: cfg.batch]
    )
    _, before, bp = expected(query, rows)
    at.button(key="bp_apply").click().run()
    assert not at.exception
    live = at.session_state["_experiment"].net
    for layer in range(live.n_layers):
        np.testing.assert_allclose(
            live.weights[layer],
            before.net.weights[layer] - cfg.lr * bp.grads.weights[layer],
            rtol=0,
            atol=1e-15,
        )
        np.testing.assert_allclose(
            live.biases[layer],
            before.net.biases[layer] - cfg.lr * bp.grads.biases[layer],
            atol=1e-15,
        )
    after = live.backprop(
        before.X_train[rows], before.train.y[rows], regularization="l2", rate=cfg.rate
    ).loss
    assert after < bp.loss
    metric = at.metric[0]
    assert metric.value == number(after)
    assert f"before: {number(bp.loss)}" in metric.delta
    assert at.session_state["_experiment"].trainer.steps == 0  # the history is not touched
    assert r"W^{1}_{\text{after}}" in latex_text(at)


def test_step_result_is_hidden_once_the_network_changes_again():
    at = run_tab({"layers": "2"})
    at.button(key="bp_apply").click().run()
    assert len(at.metric) == 1
    at.session_state["_experiment"].trainer.step(1)
    at.run()
    assert len(at.metric) == 0
    assert any("has changed since your last step" in c.value for c in at.caption)


def test_out_of_range_choices_fall_back_after_an_architecture_change():
    at = AppTest.from_file(TAB_APP, default_timeout=TIMEOUT)
    at.query_params["layers"] = "2"
    at.session_state["bp_point"] = 10**6
    at.session_state["bp_layer"] = 5
    at.session_state["bp_to_1"] = 7
    at.run()
    assert not at.exception
    assert at.selectbox(key="bp_point").value == 0
    assert at.selectbox(key="bp_layer").value == 1
    assert at.selectbox(key="bp_to_1").value == 0


def _stale_label_app():
    import streamlit as st

    from playground.backprop import view as backprop_view
    from playground.widgets import choice

    # What Chromium sends for a selectbox whose options were rebuilt: its old label, a str.
    st.session_state.setdefault("bp_point", "#0: x₁ = 1.43, x₂ = -4.31, class 0")
    st.session_state.setdefault("bp_scope", "This mini-batch (10 points)")
    st.write(f"selected={backprop_view.selected_point(5)!r}")
    point = choice(st, "Training point", range(5), key="bp_point", format_func=lambda i: f"#{i}")
    scope = choice(st, "Step on", ["point", "batch"], key="bp_scope", kind="radio")
    st.write(f"point={point!r} scope={scope!r}")


def test_a_stale_label_from_the_browser_falls_back_instead_of_crashing():
    at = AppTest.from_function(_stale_label_app, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.markdown[0].value == "selected=None"
    assert at.markdown[1].value == "point=0 scope='point'"
    assert at.selectbox(key="bp_point").value == 0


def _pick_seven_app():
    import streamlit as st

    from playground import state
    from playground.backprop import view as backprop_view
    from playground.config import Config

    cfg = Config(layers=(3,))
    st.button("pick", key="pick", on_click=backprop_view.select_point, args=(7,))
    backprop_view.render(cfg, state.experiment(cfg))


def test_select_point_sets_the_tabs_point():
    at = AppTest.from_function(_pick_seven_app, default_timeout=TIMEOUT)
    at.run()
    at.button(key="pick").click().run()
    assert not at.exception
    assert at.selectbox(key="bp_point").value == 7
    _, _, bp = expected({"layers": "3"}, np.array([7]))
    assert tex.number(bp.data_loss) in latex_with(at, r"\ell &=")


def test_tab_inside_the_real_app():
    query = {"dataset": "blobs", "layers": "5,4", "activation": "relu,tanh"}
    at = run_tab(query, app=REAL_APP)
    at.selectbox(key="bp_point").set_value(20).run()
    assert not at.exception
    _, experiment, bp = expected(query, np.array([20]))
    assert experiment.net.output == "softmax"
    text = latex_text(at)
    assert tex.number(bp.data_loss) in latex_with(at, r"\ell &=")
    for layer in range(experiment.net.n_layers):
        assert tex.number(bp.grads.weights[layer][0, -1]) in text


def _huge_weights_app():
    import numpy as np

    from playground import state
    from playground.backprop import view as backprop_view
    from playground.config import Config

    cfg = Config(layers=(2,), lr=10.0, reg="l2", rate=1.0)
    experiment = state.experiment(cfg)
    if not state.control(
        "bp_test_huge_weights"
    ):  # only on the first run: the test checks what a step does
        state.set_control("bp_test_huge_weights", True)
        for layer in range(experiment.net.n_layers):
            experiment.net.weights[layer] = np.full(experiment.net.weights[layer].shape, 1e308)
    backprop_view.render(cfg, experiment)


def test_a_step_that_overflows_is_undone_with_a_notice():
    at = AppTest.from_function(_huge_weights_app, default_timeout=TIMEOUT)
    at.run()
    at.button(key="bp_apply").click().run()
    assert not at.exception
    net = at.session_state["_experiment"].net
    assert all(np.all(w == 1e308) for w in net.weights)  # w - 10 (w + ...) overflowed: undone
    assert at.session_state["_notices"] == [
        "That step made a weight infinite or NaN, so it was undone."
    ]
    assert len(at.metric) == 0
