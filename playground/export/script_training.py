"""The downloaded script's training: penalty, optimizer, training loop and printout.

Each optimizer spells out the engine's update with its constants, in the engine's order of
operations, so the script's weights follow the app's step for step. script.py picks the pieces.
"""

from __future__ import annotations

REGULARIZERS = {
    "l1": '''

# --- Regularization: L1 on the weights (biases are not penalised) -----------------------------
RATE = $rate


def penalty_and_gradients(weights):
    """RATE * sum |w| over every weight, and its gradient RATE * sign(W) per layer."""
    penalty = RATE * sum(float(np.abs(W).sum()) for W in weights)
    return penalty, [np.sign(W) * RATE for W in weights]  # (fan_in, fan_out); 0 where w = 0
''',
    "l2": '''

# --- Regularization: L2 on the weights (biases are not penalised) -----------------------------
RATE = $rate


def penalty_and_gradients(weights):
    """RATE * sum w^2 / 2 over every weight, and its gradient RATE * W per layer."""
    penalty = 0.5 * RATE * sum(float((W * W).sum()) for W in weights)
    return penalty, [W * RATE for W in weights]  # (fan_in, fan_out)
''',
}

STEP = '''

def loss_and_gradients(X, Y, weights, biases):
    """The batch's loss$with_penalty, with dL/dW and dL/db for every layer."""
    zs, activations = forward(X, weights, biases)
    loss = loss_function(zs[-1], activations[-1], Y)
    dWs, dbs = backward(zs, activations, Y, weights)
$penalty    return loss, dWs, dbs
'''

PENALTY = """    penalty, penalty_gradients = penalty_and_gradients(weights)
    loss += penalty
    dWs = [dW + dP for dW, dP in zip(dWs, penalty_gradients)]
"""

CLASS_NAMES = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}
OPTIMIZERS = {
    "sgd": '''

# --- Optimizer: plain stochastic gradient descent ---------------------------------------------
class SGD:
    """w <- w - learning rate * g."""

    def __init__(self, parameters):
        self.parameters = parameters  # the weight and bias arrays, updated in place

    def step(self, gradients):
        """Move every parameter one step against its gradient."""
        for p, g in zip(self.parameters, gradients):
            p -= g * LEARNING_RATE
''',
    "momentum": '''

# --- Optimizer: momentum (heavy ball) ---------------------------------------------------------
MOMENTUM = 0.9


class Momentum:
    """v <- 0.9 v - learning rate * g; w <- w + v: steps keep part of their past direction."""

    def __init__(self, parameters):
        self.parameters = parameters  # the weight and bias arrays, updated in place
        self.velocity = [np.zeros_like(p) for p in parameters]

    def step(self, gradients):
        """Update the velocities, then move every parameter by its velocity."""
        for p, g, v in zip(self.parameters, gradients, self.velocity):
            v[...] = v * MOMENTUM - g * LEARNING_RATE
            p += v
''',
    "rmsprop": '''

# --- Optimizer: RMSprop -----------------------------------------------------------------------
RHO, EPSILON = 0.9, 1e-8


class RMSprop:
    """s <- rho s + (1 - rho) g^2; w <- w - learning rate * g / (sqrt(s) + eps)."""

    def __init__(self, parameters):
        self.parameters = parameters  # the weight and bias arrays, updated in place
        self.mean_square = [np.zeros_like(p) for p in parameters]  # running mean of g^2

    def step(self, gradients):
        """Divide each coordinate's step by the running root-mean-square of its gradient."""
        for p, g, s in zip(self.parameters, gradients, self.mean_square):
            s[...] = s * RHO + g * g * (1.0 - RHO)
            p -= g / (np.sqrt(s) + EPSILON) * LEARNING_RATE
''',
    "adam": '''

# --- Optimizer: Adam --------------------------------------------------------------------------
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


class Adam:
    """Steps along m / (sqrt(v) + eps): running means m of g and v of g^2, bias-corrected."""

    def __init__(self, parameters):
        self.parameters = parameters  # the weight and bias arrays, updated in place
        self.m = [np.zeros_like(p) for p in parameters]  # running mean of g
        self.v = [np.zeros_like(p) for p in parameters]  # running mean of g^2
        self.t = 0

    def step(self, gradients):
        """One Adam update of every parameter."""
        self.t += 1
        # m and v start at 0; dividing by 1 - beta^t corrects that, folded into the step size
        step_size = LEARNING_RATE * (1.0 - BETA2**self.t) ** 0.5 / (1.0 - BETA1**self.t)
        for p, g, m, v in zip(self.parameters, gradients, self.m, self.v):
            m[...] = m * BETA1 + g * (1.0 - BETA1)
            v[...] = v * BETA2 + g * g * (1.0 - BETA2)
            p -= m / (np.sqrt(v) + EPSILON) * step_size
''',
}

MAIN = '''

# --- Training, as the app's Trainer does it ---------------------------------------------------
def train(X, Y, weights, biases, optimizer):
    """Run STEPS mini-batch steps; return "ok" or "diverged" and the number of steps done."""
    rng = np.random.default_rng(SEED)
    n = X.shape[0]
    batch_size = max(1, min(BATCH_SIZE, n))
    batches_per_epoch = -(-n // batch_size)  # rounded up: an epoch's last batch may be shorter
    parameters = weights + biases  # the same arrays: the optimizer updates them in place
    for step in range(FIRST_STEP, FIRST_STEP + STEPS):
        batch = step % batches_per_epoch
        # Every epoch starts with a new shuffle of the training rows; a run continued from a file
        # mid-epoch draws one at once for the rest of that epoch, as the app does.
        if batch == 0 or step == FIRST_STEP:
            order = rng.permutation(n)  # (n,)
        rows = order[batch * batch_size : (batch + 1) * batch_size]  # (batch_size,)
        loss, dWs, dbs = loss_and_gradients(X[rows], Y[rows], weights, biases)
        if not np.isfinite(loss):  # the app stops here and keeps the last finite weights
            return "diverged", step - FIRST_STEP
        before = [p.copy() for p in parameters]
        optimizer.step(dWs + dbs)
        if not all(np.isfinite(p).all() for p in parameters):
            for p, kept in zip(parameters, before):
                p[...] = kept
            return "diverged", step - FIRST_STEP
    return "ok", STEPS


def evaluate(X, Y, weights, biases):
    """The mean loss (without penalty) and the accuracy on a whole split."""
    zs, activations = forward(X, weights, biases)
    y_hat = activations[-1]
    accuracy = $accuracy
    return loss_function(zs[-1], y_hat, Y), accuracy


def main():
    """Train as the app did and print the losses it showed."""
    X_train, Y_train = input_features(TRAIN[:, :2]), targets(TRAIN[:, 2])  # (n, d), (n, k)
    X_test, Y_test = input_features(TEST[:, :2]), targets(TEST[:, 2])
    weights = [np.array(W) for W in START_WEIGHTS]  # (fan_in, fan_out) per layer
    biases = [np.array(b) for b in START_BIASES]  # (fan_out,) per layer
    print(f"initial train loss: {evaluate(X_train, Y_train, weights, biases)[0]!r}")
    optimizer = $optimizer(weights + biases)
    with np.errstate(all="ignore"):  # a diverging run overflows: train() reports it instead
        status, steps = train(X_train, Y_train, weights, biases, optimizer)
        train_loss, train_accuracy = evaluate(X_train, Y_train, weights, biases)
        test_loss, test_accuracy = evaluate(X_test, Y_test, weights, biases)
    print(f"status: {status}")
    print(f"steps: {FIRST_STEP + steps}")  # the app's step count, the loaded file's included
    print(f"final train loss: {train_loss!r}")
    print(f"final test loss: {test_loss!r}")
$print_accuracy'''

ACCURACY = {
    "sigmoid": "float(np.mean((y_hat >= 0.5) == (Y >= 0.5)))  # class 1 where y_hat >= 0.5",
    "softmax": "float(np.mean(y_hat.argmax(axis=1) == Y.argmax(axis=1)))  # the likeliest class",
    "linear": "None  # no classes in regression",
}
PRINT_ACCURACY = """    print(f"final train accuracy: {train_accuracy!r}")
    print(f"final test accuracy: {test_accuracy!r}")
"""
FOOTER = """

if __name__ == "__main__":
    main()
"""
