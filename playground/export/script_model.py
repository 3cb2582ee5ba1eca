"""The downloaded script's model: header, input features, activations, forward pass, loss, backprop.

Students read the script, so each piece is written as course notes: batch-first shapes and the
formula in the docstring. Each computes as `engine` does (same formulas, same constants, the same
order of operations where numpy allows), so the script reproduces the app's losses.
script.py picks the pieces an experiment needs; script_training.py holds the training loop.
"""

from __future__ import annotations

HEADER = '''"""A neural-network playground run, replayed with numpy alone.

Run it from any folder with only numpy installed (pip install numpy):
    python $file_name
It trains the network built in the playground on the same data, from the same starting weights
and on the same mini-batches as the app, and prints the losses the app showed after $steps steps
(when the settings below stayed as they are while the app trained). The sums here are rounded
in a slightly different order than in the app, so the last digits can differ; a chaotic run (a
large learning rate, small batches, RMSprop or Adam near a minimum) can grow that difference
over many steps.

$network
Loss: $loss. $regularization
Optimizer: $optimizer, learning rate $lr, batch size $batch.

Notation (batch-first, as in the course): X is (n, d), one example per row; layer l has weights
W (fan_in, fan_out) and biases b (fan_out,).
    forward:   z = a W + b,  a = f(z)                (the input layer's a is X)
    backward:  dL/dz = y_hat - y at the output,  dL/dW = a^T dL/dz,  dL/db = column sums of dL/dz,
               dL/da_prev = dL/dz W^T,  then dL/dz_prev = dL/da_prev * f'(z_prev)
"""

import numpy as np

# --- Settings, as the app had them ------------------------------------------------------------
SEED = $seed  # the app's seed: here it draws the mini-batch order (data and weights are below)
LEARNING_RATE = $lr
BATCH_SIZE = $batch
FIRST_STEP = $first_step  # steps the starting weights had already trained (a loaded file)
STEPS = $steps  # $steps_note
'''

FEATURES = '''

# --- Input features: the columns of X, computed from the raw points (x1, x2) ------------------
def input_features(points):
    """Columns $labels of X (n, $d), from raw points (n, 2)."""
$columns    return np.column_stack([$expressions])  # (n, $d)
'''

FEATURE_EXPRESSIONS = {
    "x1": "x1",
    "x2": "x2",
    "x1sq": "x1**2",
    "x2sq": "x2**2",
    "x1x2": "x1 * x2",
    "sinx1": "np.sin(x1)",
    "sinx2": "np.sin(x2)",
}

TARGETS = {
    "sigmoid": '''

def targets(labels):
    """Labels 0 or 1 (n,) as the output's targets Y (n, 1)."""
    return labels[:, None]
''',
    "softmax": '''

def targets(labels):
    """Class numbers 0..k-1 (n,) as one-hot targets Y (n, k): row i has a 1 in column y_i."""
    return np.eye(N_CLASSES)[labels.astype(int)]
''',
    "linear": '''

def targets(values):
    """Target values (n,) as the output's targets Y (n, 1)."""
    return values[:, None]
''',
}

ACTIVATIONS_TITLE = """

# --- Activations f(z), and f'(z) for the hidden layers ----------------------------------------
"""

FUNCTIONS = {
    "relu": '''
def relu(z):
    """max(z, 0)."""
    return np.maximum(z, 0.0)
''',
    "leaky_relu": '''
def leaky_relu(z):
    """max(z, 0.01 z): a small slope for z < 0, so the unit never stops learning."""
    return np.maximum(z, z * 0.01)
''',
    "elu": '''
def elu(z):
    """z for z > 0, else e^z - 1 (expm1 is exact near 0; min() keeps exp from overflowing)."""
    return np.maximum(np.expm1(np.minimum(z, 0.0)), z)
''',
    "tanh": '''
def tanh(z):
    """(e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(z)
''',
    "sigmoid": '''
def sigmoid(z):
    """1 / (1 + e^-z), written as (1 + tanh(z/2)) / 2, which cannot overflow."""
    return np.tanh(z * 0.5) * 0.5 + 0.5
''',
    "softplus": '''
def softplus(z):
    """log(1 + e^z), computed as logaddexp(0, z) so that it stays finite for large z."""
    return np.logaddexp(0.0, z)
''',
    "sine": '''
def sine(z):
    """sin(z)."""
    return np.sin(z)
''',
    "linear": '''
def linear(z):
    """z itself."""
    return z
''',
    "softmax": '''
def softmax(z):
    """e^z_j / sum_k e^z_k per row (n, k); each row's max is subtracted first so exp <= 1."""
    e = np.exp(z - z.max(axis=1, keepdims=True))  # (n, k)
    return e / e.sum(axis=1, keepdims=True)  # (n, k) every row sums to 1
''',
}

DERIVATIVES = {
    "relu": '''
def relu_derivative(z, a):
    """1 where z > 0, else 0."""
    return (z > 0).astype(float)
''',
    "leaky_relu": '''
def leaky_relu_derivative(z, a):
    """1 where z > 0, else 0.01."""
    return np.where(z > 0, 1.0, 0.01)
''',
    "elu": '''
def elu_derivative(z, a):
    """1 where z > 0, else e^z (e^min(z, 0) is both)."""
    return np.exp(np.minimum(z, 0.0))
''',
    "tanh": '''
def tanh_derivative(z, a):
    """1 - tanh(z)^2, from a = tanh(z)."""
    return 1.0 - a * a
''',
    "sigmoid": '''
def sigmoid_derivative(z, a):
    """sigmoid(z) (1 - sigmoid(z)), from a = sigmoid(z)."""
    return (1.0 - a) * a
''',
    "softplus": '''
def softplus_derivative(z, a):
    """sigmoid(z) = 1 - e^-softplus(z), computed from a = softplus(z) as -expm1(-a)."""
    return -np.expm1(-a)
''',
    "sine": '''
def sine_derivative(z, a):
    """cos(z)."""
    return np.cos(z)
''',
    "linear": '''
def linear_derivative(z, a):
    """1 everywhere."""
    return np.ones_like(z)
''',
}

FORWARD = '''

# --- Forward pass -----------------------------------------------------------------------------
# f of each layer (the last is the output's), and f' of each hidden layer
$functions
$derivatives


def forward(X, weights, biases):
    """Every layer's z and a for a batch X (n, d); activations[0] is X, activations[-1] is y_hat."""
    zs, activations = [], [X]
    for W, b, f in zip(weights, biases, FUNCTIONS):
        z = activations[-1] @ W + b  # (n, fan_out) = (n, fan_in) (fan_in, fan_out) + (fan_out,)
        zs.append(z)
        activations.append(f(z))  # (n, fan_out)
    return zs, activations
'''

LOSSES = {
    "sigmoid": '''

# --- Loss: binary cross-entropy ---------------------------------------------------------------
# With y_hat = sigmoid(z), dL/dz = y_hat - y: the slope y_hat (1 - y_hat) of the sigmoid cancels
# the denominators of dL/dy_hat = -y / y_hat + (1 - y) / (1 - y_hat).
def loss_function(z, y_hat, Y):
    """Mean of -y log y_hat - (1 - y) log(1 - y_hat) = softplus(z) - y z, never log(0)."""
    return float(np.mean(np.logaddexp(0.0, z) - Y * z))
''',
    "softmax": '''

# --- Loss: cross-entropy ----------------------------------------------------------------------
# With y_hat = softmax(z), log y_hat_j = z_j - log sum_k e^z_k, so dL/dz = y_hat - y (one-hot y).
def loss_function(z, y_hat, Y):
    """Mean of -sum_j y_j log y_hat_j = log sum_k e^z_k - sum_j y_j z_j, from z (n, k)."""
    z_max = z.max(axis=1, keepdims=True)  # (n, 1) shift: every exponent <= 0
    log_sum_exp = np.log(np.exp(z - z_max).sum(axis=1)) + z_max[:, 0]  # (n,)
    return float(np.mean(log_sum_exp - (Y * z).sum(axis=1)))
''',
    "linear": '''

# --- Loss: mean squared error -----------------------------------------------------------------
# With y_hat = z (linear output), L = 1/2 ||y_hat - y||^2 gives dL/dz = y_hat - y.
def loss_function(z, y_hat, Y):
    """Mean over the batch of 1/2 ||y_hat - y||^2."""
    return float(np.mean(0.5 * ((y_hat - Y) ** 2).sum(axis=1)))
''',
}

BACKWARD = '''

# --- Backward pass (backpropagation) ----------------------------------------------------------
def backward(zs, activations, Y, weights):
    """dL/dW and dL/db of the batch's mean loss for every layer, from the output back."""
    n = Y.shape[0]
    dz = (activations[-1] - Y) / n  # (n, k) dL/dz = y_hat - y at the output; / n: mean loss
    dWs, dbs = [None] * len(weights), [None] * len(weights)
    for layer in reversed(range(len(weights))):
        dWs[layer] = activations[layer].T @ dz  # (fan_in, fan_out) = a^T dL/dz
        dbs[layer] = dz.sum(axis=0)  # (fan_out,) b is added to every row
        if layer > 0:
            da = dz @ weights[layer].T  # (n, fan_in) dL/da_prev = dL/dz W^T
            f_prime = DERIVATIVES[layer - 1](zs[layer - 1], activations[layer])  # (n, fan_in)
            dz = da * f_prime  # (n, fan_in) dL/dz of the layer below
    return dWs, dbs
'''
