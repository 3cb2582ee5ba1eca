"""Preallocated forward and backward passes, shared by inference, backprop and training.

Buffers are feature-major: layer l keeps z^T with shape (fan_out, n), one column per example, so
every layer is one BLAS product into contiguous memory. It is the course's batch-first
z = a W + b transposed: z^T = [W; b]^T [a, 1]^T, where each activation buffer carries a last row of
ones that multiplies the bias row of the parameter block. Inputs arrive batch-first with that
ones column already appended, shape (n, d + 1).

A training step on a small network costs a few dozen numpy calls of ~0.3 µs each, so the loops
below read everything from prebuilt tuples: matrix products go through bound ``ndarray.dot``
methods of the fixed left operands (a third cheaper than ``np.dot``, the same BLAS call) and ufuncs
through module-level names (an attribute lookup like ``np.multiply`` costs a tenth of the call).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import Activation, OutputActivation
from .losses import Loss
from .parameters import ParameterBuffer
from .regularizers import Regularizer

_multiply = np.multiply
_subtract = np.subtract


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


class Kernel:
    """Forward-pass buffers for exactly n examples of one architecture, in one dtype."""

    def __init__(
        self,
        sizes: Sequence[int],
        hidden: Sequence[Activation],
        output: OutputActivation,
        transposed_blocks: Sequence[np.ndarray],
        n: int,
        dtype: type = np.float64,
    ) -> None:
        self.n = n
        self.inputs = np.ones((n, sizes[0] + 1), dtype)  # (n, d + 1) last column stays 1
        self.inputs_t = np.ones((sizes[0] + 1, n), dtype)  # (d + 1, n) feature-major, row d = 1
        self.z = [np.empty((fan_out, n), dtype) for fan_out in sizes[1:]]  # (fan_out, n)
        # (fan_out + 1, n): a hidden layer's activations plus the ones row for the next bias
        self._augmented = [np.ones((fan_out + 1, n), dtype) for fan_out in sizes[1:-1]]
        self.a = [aug[:-1] for aug in self._augmented] + [np.empty((sizes[-1], n), dtype)]
        self._hidden_layers = tuple(
            zip(
                [block_t.dot for block_t in transposed_blocks[:-1]],
                self.z[:-1],
                [h.function for h in hidden],
                self.a[:-1],
                self._augmented,
                strict=True,
            )
        )
        self._last_layer = (transposed_blocks[-1].dot, self.z[-1], output.function, self.a[-1])
        # Batch-first read-only views handed out in traces; transposes of the buffers above.
        self.z_rows = tuple(_read_only(z.T) for z in self.z)  # (n, fan_out)
        self.a_rows = tuple(_read_only(a.T) for a in self.a)

    def forward(self, inputs: np.ndarray) -> None:
        """Fill z and a for every layer from augmented batch-first inputs (n, d + 1)."""
        self.forward_feature_major(inputs.T)

    def forward_feature_major(self, operand: np.ndarray) -> None:
        """Same as forward() from C-contiguous feature-major inputs (d + 1, n)."""
        for block_t_dot, z, function, a, augmented in self._hidden_layers:
            block_t_dot(operand, z)  # (fan_out, n) = [W; b]^T [a, 1]^T
            function(z, a)
            operand = augmented
        block_t_dot, z, function, a = self._last_layer
        block_t_dot(operand, z)  # (k, n)
        function(z, a)


class GradientKernel(Kernel):
    """Forward and backward buffers in float64; dL/d(parameters) goes to its own flat buffer."""

    def __init__(
        self,
        sizes: Sequence[int],
        hidden: Sequence[Activation],
        output: OutputActivation,
        params: ParameterBuffer,
        n: int,
    ) -> None:
        super().__init__(sizes, hidden, output, [b.T for b in params.blocks], n)
        self._params = params
        self.grad = ParameterBuffer(sizes)
        self._penalty_scratch = np.empty_like(params.flat)  # (P,)
        self.delta = [np.empty((fan_out, n)) for fan_out in sizes[1:]]  # (fan_out, n) dL/dz^T
        slopes = [np.empty((fan_out, n)) for fan_out in sizes[1:-1]]  # f'(z) per hidden layer
        self._output_name = output.name
        self._output_vjp = output.vjp
        # The output layer's buffers and 1/n as a 0-d operand, in one lookup.
        self._output_parts = (self.a[-1], self.delta[-1], np.array(1.0 / n))
        self._loss_parts = (self.z[-1], self.a[-1], np.empty_like(self.a[-1]), 1.0 / n)
        self.logits_vector = self.z[-1].reshape(-1)  # (k * n,) view, for a cheap finiteness test
        # Layer l >= 1 passes its error down to layer l - 1; layer 0 only needs its gradient.
        self._backward_layers = tuple(
            (
                self._augmented[layer - 1].dot,
                self.delta[layer].T,
                self.grad.blocks[layer],
                params.weights[layer].dot,
                self.delta[layer],
                self.delta[layer - 1],
                hidden[layer - 1].derivative,
                self.z[layer - 1],
                self.a[layer - 1],
                slopes[layer - 1],
            )
            for layer in range(len(sizes) - 2, 0, -1)
        )
        self._first_layer = (self.delta[0].T, self.grad.blocks[0])
        self._penalty_arrays = (params.flat, params.weight_mask)
        self.delta_rows = tuple(_read_only(d.T) for d in self.delta)  # (n, fan_out)

    def gradients(
        self,
        inputs_t: np.ndarray,
        targets: np.ndarray,
        loss: Loss,
        regularizer: Regularizer,
        rate: float,
    ) -> float:
        """Forward and backward; fill self.grad and self.delta; return the penalty.

        inputs_t: (d + 1, n) augmented inputs, feature-major (the transpose of the batch-first
        rows); targets: (k, n) feature-major encoded targets. The data loss is left to
        data_loss(), which reads only what this pass leaves in z and a.
        """
        self.forward_feature_major(inputs_t)
        outputs, delta, inv_n = self._output_parts
        _subtract(outputs, targets, delta)  # (k, n) dL/dz for the paired loss (see losses.py)
        if loss.paired_output != self._output_name:
            self._output_vjp(outputs, delta, delta)  # yhat - y was dL/dyhat: chain through output
        _multiply(delta, inv_n, delta)  # of the batch mean
        for layer in self._backward_layers:
            operand_dot, error_t, grad_block, weights_dot, error, below, derivative, z, a, slope = (
                layer
            )
            operand_dot(error_t, grad_block)  # (fan_in + 1, fan_out) = [a, 1]^T delta
            weights_dot(error, below)  # (fan_in, n) = (delta W^T)^T
            derivative(z, a, slope)
            _multiply(below, slope, below)  # dL/dz^(l-1) = (delta W^T) * f'(z^(l-1))
        first_error_t, first_grad_block = self._first_layer
        inputs_t.dot(first_error_t, first_grad_block)  # (d + 1, fan_out)
        if not rate:  # no penalty to add: skip the call
            return 0.0
        params, weight_mask = self._penalty_arrays
        return regularizer.apply(params, weight_mask, rate, self.grad.flat, self._penalty_scratch)

    def data_loss(self, targets: np.ndarray, loss: Loss) -> float:
        """Mean data loss of the last forward pass against targets (k, n)."""
        logits, outputs, scratch, inv_n = self._loss_parts
        return loss.total(logits, outputs, targets, scratch) * inv_n

    def loss_and_gradients(
        self,
        inputs_t: np.ndarray,
        targets: np.ndarray,
        loss: Loss,
        regularizer: Regularizer,
        rate: float,
    ) -> tuple[float, float]:
        """gradients() and data_loss(): return (data loss, penalty)."""
        penalty = self.gradients(inputs_t, targets, loss, regularizer, rate)
        return self.data_loss(targets, loss), penalty
