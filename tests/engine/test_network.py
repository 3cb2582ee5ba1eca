"""Network: a 2-2-1 example worked by hand, parameter assignment, initialisers, state, traces."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine import Network
from engine.activations import ACTIVATIONS
from engine.initializers import INITIALIZERS

# ---------------------------------------------------------------------------------------------
# A 2-2-1 network (tanh hidden, sigmoid output, BCE) on two examples, worked by hand.
#   W1 = [[0.1, -0.2], [0.3, 0.4]], b1 = [0.0, -0.1], W2 = [[0.5], [-0.6]], b2 = [0.2]
#   example A: x = (1, 2),    y = 1
#   example B: x = (-1, 0.5), y = 0
# ---------------------------------------------------------------------------------------------
W1 = [[0.1, -0.2], [0.3, 0.4]]
B1 = [0.0, -0.1]
W2 = [[0.5], [-0.6]]
B2 = [0.2]
X_HAND = np.array([[1.0, 2.0], [-1.0, 0.5]])
Y_HAND = np.array([1.0, 0.0])

# z1 = x W1 + b1
#   A: (1*0.1 + 2*0.3 + 0.0, 1*(-0.2) + 2*0.4 - 0.1)      = (0.7, 0.5)
#   B: (-1*0.1 + 0.5*0.3 + 0.0, -1*(-0.2) + 0.5*0.4 - 0.1) = (0.05, 0.3)
Z1 = [[0.7, 0.5], [0.05, 0.3]]
# a1 = tanh(z1): tanh(0.7) = 0.604367777117, tanh(0.5) = 0.462117157260,
#                tanh(0.05) = 0.049958374958, tanh(0.3) = 0.291312612452
A1 = [[0.6043677771171636, 0.46211715726000974], [0.04995837495787998, 0.2913126124515909]]
# z2 = a1 W2 + b2
#   A: 0.5*0.604367777117 - 0.6*0.462117157260 + 0.2 = 0.302183888559 - 0.277270294356 + 0.2
#      = 0.224913594203
#   B: 0.5*0.049958374958 - 0.6*0.291312612452 + 0.2 = 0.024979187479 - 0.174787567471 + 0.2
#      = 0.050191620008
Z2 = [0.2249135942025759, 0.050191620007985466]
# yhat = 1 / (1 + e^-z2): A: 1 / (1 + 0.798585218) = 0.555992560095, B: 0.512545271443
YHAT = [0.5559925600950618, 0.5125452714432562]
# loss = mean of -y log yhat - (1 - y) log(1 - yhat)
#   A: -log(0.555992560095)     = 0.587000365945
#   B: -log(1 - 0.512545271443) = -log(0.487454728557) = 0.718557857355
#   mean: (0.587000365945 + 0.718557857355) / 2 = 0.652779111650
LOSS = 0.6527791116502346
# dL/dz2 = (yhat - y) / n:  A: (0.555992560095 - 1) / 2 = -0.222003719952
#                           B: (0.512545271443 - 0) / 2 =  0.256272635722
DELTA2 = [-0.2220037199524691, 0.2562726357216281]
# dL/dW2 = a1^T dL/dz2: [0.604367777117*(-0.222003719952) + 0.049958374958*0.256272635722,
#                        0.462117157260*(-0.222003719952) + 0.291312612452*0.256272635722]
#                     = [-0.134171895 + 0.012802964, -0.102591728 + 0.074655451]
DW2 = [[-0.12136893031258976], [-0.027936276953659966]]
# dL/db2 = sum of dL/dz2 = -0.222003719952 + 0.256272635722
DB2 = [0.034268915769159025]
# dL/dz1 = (dL/dz2 W2^T) * (1 - a1^2)
#   A: unit 1: -0.222003719952 * 0.5    * (1 - 0.604367777117^2) = -0.111001859976 * 0.634739590
#      unit 2: -0.222003719952 * (-0.6) * (1 - 0.462117157260^2) =  0.133202231971 * 0.786447733
#      = (-0.070457275, 0.104756593)
#   B: unit 1:  0.256272635722 * 0.5    * (1 - 0.049958374958^2) =  0.128136317861 * 0.997504161
#      unit 2:  0.256272635722 * (-0.6) * (1 - 0.291312612452^2) = -0.153763581433 * 0.915136962
#      = (0.127816510, -0.140714737)
DELTA1 = [[-0.07045727508860537, 0.10475659335997314], [0.12781651021211018, -0.14071473675215593]]
# dL/dW1 = x^T dL/dz1: [[1*(-0.070457275) + (-1)*0.127816510, 1*0.104756593 + (-1)*(-0.140714737)],
#                       [2*(-0.070457275) + 0.5*0.127816510, 2*0.104756593 + 0.5*(-0.140714737)]]
DW1 = [
    [-0.19827378530071554, 0.24547133011212907],
    [-0.07700629507115565, 0.1391558183438683],
]
# dL/db1 = column sums of dL/dz1: (-0.070457275 + 0.127816510, 0.104756593 - 0.140714737)
DB1 = [0.05735923512350481, -0.035958143392182784]


def hand_network() -> Network:
    net = Network([2, 2, 1], activation="tanh", output="sigmoid")
    net.weights[0], net.biases[0] = W1, B1
    net.weights[1], net.biases[1] = W2, B2
    return net


def test_hand_worked_forward_pass() -> None:
    trace = hand_network().forward(X_HAND)
    np.testing.assert_allclose(trace.z[0], Z1, rtol=1e-12)
    np.testing.assert_allclose(trace.a[0], A1, rtol=1e-12)
    np.testing.assert_allclose(trace.z[1][:, 0], Z2, rtol=1e-12)
    np.testing.assert_allclose(trace.a[1][:, 0], YHAT, rtol=1e-12)


def test_hand_worked_loss_and_gradients() -> None:
    bp = hand_network().backprop(X_HAND, Y_HAND)
    assert bp.loss == pytest.approx(LOSS, rel=1e-12)
    assert bp.penalty == 0.0
    np.testing.assert_allclose(bp.delta[1][:, 0], DELTA2, rtol=1e-12)
    np.testing.assert_allclose(bp.delta[0], DELTA1, rtol=1e-12)
    np.testing.assert_allclose(bp.grads.weights[1], DW2, rtol=1e-12)
    np.testing.assert_allclose(bp.grads.biases[1], DB2, rtol=1e-12)
    np.testing.assert_allclose(bp.grads.weights[0], DW1, rtol=1e-12)
    np.testing.assert_allclose(bp.grads.biases[0], DB1, rtol=1e-12)


def test_hand_worked_l2_penalty_counts_weights_only() -> None:
    # sum of w^2 = 0.01 + 0.04 + 0.09 + 0.16 + 0.25 + 0.36 = 0.91
    # penalty = rate * sum / 2 = 0.1 * 0.91 / 2 = 0.0455
    loss, grads = hand_network().loss_and_gradients(X_HAND, Y_HAND, regularization="l2", rate=0.1)
    assert loss == pytest.approx(LOSS + 0.0455, rel=1e-12)
    np.testing.assert_allclose(grads.weights[1], np.array(DW2) + 0.1 * np.array(W2), rtol=1e-12)
    np.testing.assert_allclose(grads.biases[0], DB1, rtol=1e-12)  # biases are not penalised


def test_hand_worked_l1_penalty() -> None:
    # sum of |w| = 0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 0.6 = 2.1; rate 0.01 -> 0.021
    loss, grads = hand_network().loss_and_gradients(X_HAND, Y_HAND, regularization="l1", rate=0.01)
    assert loss == pytest.approx(LOSS + 0.021, rel=1e-12)
    np.testing.assert_allclose(grads.weights[0], np.array(DW1) + 0.01 * np.sign(W1), rtol=1e-12)


def test_predict_float32_matches_float64() -> None:
    net = Network([2, 8, 8, 1], activation="relu", seed=3)
    X = np.random.default_rng(0).uniform(-6, 6, size=(300, 2))
    trace32 = net.forward(X, dtype=np.float32)
    assert trace32.a[-1].dtype == np.float32
    np.testing.assert_allclose(trace32.a[-1], net.predict(X), atol=1e-5)


def test_trace_shapes_follow_batch_first_layout() -> None:
    net = Network([3, 5, 4, 2], activation=["relu", "sine"], output="softmax")
    X = np.ones((7, 3))
    trace = net.forward(X)
    assert [z.shape for z in trace.z] == [(7, 5), (7, 4), (7, 2)]
    assert [a.shape for a in trace.a] == [(7, 5), (7, 4), (7, 2)]
    assert trace.inputs is X or np.array_equal(trace.inputs, X)
    with pytest.raises(ValueError):
        trace.a[0][0, 0] = 1.0  # views of reused buffers are read-only


def test_float32_copy_follows_weight_changes() -> None:
    net = Network([2, 3, 1], seed=0)
    X = np.array([[0.5, -1.0]])
    before = net.forward(X, dtype=np.float32).a[-1].copy()
    net.weights[1] = np.full((3, 1), 2.0)
    after = net.forward(X, dtype=np.float32).a[-1].copy()
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, net.predict(X), atol=1e-6)
    net.biases[1][0] = 5.0  # in-place edits of the views are seen too
    np.testing.assert_allclose(net.forward(X, dtype=np.float32).a[-1], net.predict(X), atol=1e-6)


def test_weight_assignment_changes_the_network() -> None:
    net = Network([2, 3, 1], seed=0)
    X = np.array([[1.0, -2.0]])
    before = net.predict(X)
    net.weights[0] = np.zeros((2, 3))
    net.biases[0] = np.zeros(3)
    # all hidden units are tanh(0) = 0, so the output is sigmoid(b2)
    expected = 1.0 / (1.0 + np.exp(-net.biases[1][0]))
    assert net.predict(X)[0, 0] == pytest.approx(expected)
    assert net.predict(X)[0, 0] != before[0, 0]


@pytest.mark.parametrize(
    ("kind", "layer", "shape"), [("weights", 0, (3, 2)), ("weights", 1, (3,)), ("biases", 0, (2,))]
)
def test_wrong_shape_assignment_names_layer_and_shapes(
    kind: str, layer: int, shape: tuple[int, ...]
) -> None:
    net = Network([2, 3, 1])
    expected = getattr(net, kind)[layer].shape
    with pytest.raises(ValueError) as error:
        getattr(net, kind)[layer] = np.zeros(shape)
    message = str(error.value)
    assert f"{kind}[{layer}]" in message
    assert str(expected) in message and str(shape) in message


def test_weights_and_biases_shapes() -> None:
    net = Network([4, 6, 3, 2], output="softmax")
    assert [w.shape for w in net.weights] == [(4, 6), (6, 3), (3, 2)]
    assert [b.shape for b in net.biases] == [(6,), (3,), (2,)]
    assert net.n_parameters == 5 * 6 + 7 * 3 + 4 * 2


def test_initializer_zeros_and_uniform() -> None:
    zeros = Network([50, 40, 1], init="zeros")
    assert all(not w.any() for w in zeros.weights)
    uniform = Network([200, 300, 1], init="uniform", seed=1)
    w = uniform.weights[0]
    assert w.min() >= -0.5 and w.max() <= 0.5
    assert w.std() == pytest.approx(1 / np.sqrt(12), rel=0.02)  # std of U(-0.5, 0.5)
    assert all(not b.any() for b in uniform.biases)


@pytest.mark.parametrize(
    ("init", "expected_std"),
    [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / (400 + 300)))],
)
def test_initializer_std_matches_theory(init: str, expected_std: float) -> None:
    w = Network([400, 300, 1], init=init, seed=2).weights[0]
    assert w.mean() == pytest.approx(0.0, abs=0.01 * expected_std * 10)
    assert w.std() == pytest.approx(expected_std, rel=0.02)


def test_default_initializer_depends_on_activation() -> None:
    relu = Network([400, 300, 300, 1], activation=["relu", "tanh"], seed=0)
    assert relu.weights[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)  # He
    assert relu.weights[1].std() == pytest.approx(np.sqrt(2 / 600), rel=0.02)  # Xavier


def test_registries_have_the_ui_names() -> None:
    assert set(ACTIVATIONS) == {
        "relu",
        "leaky_relu",
        "elu",
        "tanh",
        "sigmoid",
        "softplus",
        "sine",
        "linear",
    }
    assert set(INITIALIZERS) == {"xavier", "he", "uniform", "zeros"}


def test_state_round_trip_through_json() -> None:
    net = Network([3, 4, 2], activation=["elu"], output="softmax", seed=5)
    state = json.loads(json.dumps(net.get_state()))
    twin = Network.from_state(state)
    assert twin.sizes == (3, 4, 2)
    assert twin.activations == ("elu",)
    assert twin.output == "softmax"
    X = np.random.default_rng(0).normal(size=(6, 3))
    np.testing.assert_array_equal(twin.predict(X), net.predict(X))


def test_copy_is_independent() -> None:
    net = Network([2, 3, 1], seed=0)
    twin = net.copy()
    twin.weights[0] = np.zeros((2, 3))
    assert net.weights[0].any()
    assert twin.sizes == net.sizes and twin.activations == net.activations


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown activation"):
        Network([2, 3, 1], activation="swish")
    with pytest.raises(ValueError, match="unknown output"):
        Network([2, 3, 1], output="tanh")
    with pytest.raises(ValueError, match="3 activations given for 2 hidden"):
        Network([2, 3, 3, 1], activation=["relu", "tanh", "elu"])
    assert Network([2, 3, 3, 1], activation=["relu"]).activations == ("relu", "relu")
    assert Network([2, 1], activation="relu").activations == ()
    with pytest.raises(ValueError, match="unknown init"):
        Network([2, 3, 1], init="orthogonal")
    net = Network([2, 3, 1])
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        net.predict(np.ones((4, 3)))
    with pytest.raises(ValueError, match="needs output"):
        net.loss_and_gradients(np.ones((2, 2)), np.ones(2), loss="cross_entropy")
    with pytest.raises(ValueError, match="unknown regularization"):
        net.loss_and_gradients(np.ones((2, 2)), np.ones(2), regularization="l3")
