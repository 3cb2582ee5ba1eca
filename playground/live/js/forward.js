// The forward pass the browser draws with: the engine's features, activations and outputs over a
// grid of input points. It is drawing, not training: the weights come from the engine every frame,
// and tests check in Chromium that it equals the engine's forward pass (engine/activations.py).

(() => {
  const NNP = window.NNPlayground;

  const FEATURES = {
    x1: (x1, x2) => x1,
    x2: (x1, x2) => x2,
    x1sq: (x1, x2) => x1 * x1,
    x2sq: (x1, x2) => x2 * x2,
    x1x2: (x1, x2) => x1 * x2,
    sinx1: (x1, x2) => Math.sin(x1),
    sinx2: (x1, x2) => Math.sin(x2),
  };

  const LEAKY_SLOPE = 0.01; // engine/activations.py LEAKY_SLOPE
  const ACTIVATIONS = {
    relu: (z) => (z > 0 ? z : 0),
    leaky_relu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
    elu: (z) => (z > 0 ? z : Math.expm1(z)),
    tanh: Math.tanh,
    // (1 + tanh(z/2)) / 2 as the engine computes it: it cannot overflow.
    sigmoid: (z) => 0.5 + 0.5 * Math.tanh(0.5 * z),
    softplus: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
    sine: Math.sin,
    linear: (z) => z,
  };

  /** A network's shape and activations; setParams takes the engine's flat parameter layout. */
  NNP.Model = class {
    constructor({ sizes, activations, output, features }) {
      this.sizes = sizes;
      this.functions = activations.map((name) => ACTIVATIONS[name]);
      this.output = output;
      this.featureFunctions = features.map((name) => FEATURES[name]);
      this.capacity = 0;
      this.params = null;
    }

    /**
     * Flat float32 parameters as the engine stores them: per layer a (fan_in + 1, fan_out) block,
     * row-major, whose last row is the bias. Keeps views, copies nothing.
     */
    setParams(params) {
      this.params = params;
      this.blocks = [];
      let offset = 0;
      for (let l = 0; l + 1 < this.sizes.length; l += 1) {
        const fanIn = this.sizes[l];
        const fanOut = this.sizes[l + 1];
        this.blocks.push({ offset, fanIn, fanOut });
        offset += (fanIn + 1) * fanOut;
      }
    }

    /** W[i][j] of weight layer l (0-based): from unit i of column l to unit j of column l + 1. */
    weight(l, i, j) {
      const block = this.blocks[l];
      return this.params[block.offset + i * block.fanOut + j];
    }

    bias(l, j) {
      const block = this.blocks[l];
      return this.params[block.offset + block.fanIn * block.fanOut + j];
    }

    _ensure(n) {
      if (this.capacity >= n) return;
      this.capacity = n;
      // layers[c]: column c of the diagram (inputs, hidden layers, output), unit-major (units, n).
      this.layers = this.sizes.map((units) => new Float64Array(units * n));
      this.z = new Float64Array(Math.max(...this.sizes) * n);
    }

    /** Every column's values at the points (x1s[p], x2s[p]); returns the layers, unit-major. */
    forward(x1s, x2s) {
      const n = x1s.length;
      this._ensure(n);
      const { layers, params, sizes } = this;
      const inputs = layers[0];
      this.featureFunctions.forEach((feature, f) => {
        const row = f * n;
        for (let p = 0; p < n; p += 1) inputs[row + p] = feature(x1s[p], x2s[p]);
      });
      const last = this.blocks.length - 1;
      this.blocks.forEach(({ offset, fanIn, fanOut }, l) => {
        const below = layers[l];
        const out = layers[l + 1];
        const biasRow = offset + fanIn * fanOut;
        for (let j = 0; j < fanOut; j += 1) {
          const row = j * n;
          const b = params[biasRow + j];
          for (let p = 0; p < n; p += 1) out[row + p] = b;
          for (let i = 0; i < fanIn; i += 1) {
            const w = params[offset + i * fanOut + j];
            if (w === 0) continue;
            const from = i * n;
            for (let p = 0; p < n; p += 1) out[row + p] += w * below[from + p];
          }
        }
        if (l < last) {
          const f = this.functions[l];
          for (let q = 0; q < fanOut * n; q += 1) out[q] = f(out[q]);
        } else {
          this._output(out, fanOut, n);
        }
      });
      return layers.map((values, c) => values.subarray(0, sizes[c] * n));
    }

    _output(out, k, n) {
      if (this.output === "sigmoid") {
        for (let q = 0; q < k * n; q += 1) out[q] = ACTIVATIONS.sigmoid(out[q]);
      } else if (this.output === "softmax") {
        for (let p = 0; p < n; p += 1) {
          let top = -Infinity;
          for (let c = 0; c < k; c += 1) top = Math.max(top, out[c * n + p]);
          let total = 0;
          for (let c = 0; c < k; c += 1) {
            const e = Math.exp(out[c * n + p] - top);
            out[c * n + p] = e;
            total += e;
          }
          for (let c = 0; c < k; c += 1) out[c * n + p] /= total;
        }
      }
    }
  };

  /** Grid points, x1 varying fastest and x2 from top to bottom as an image is stored. */
  NNP.grid = (extent, columns, rows) => {
    const [x1min, x1max, x2min, x2max] = extent;
    const x1s = new Float64Array(columns * rows);
    const x2s = new Float64Array(columns * rows);
    for (let r = 0; r < rows; r += 1) {
      const x2 = x2max - ((r + 0.5) / rows) * (x2max - x2min);
      for (let c = 0; c < columns; c += 1) {
        x1s[r * columns + c] = x1min + ((c + 0.5) / columns) * (x1max - x1min);
        x2s[r * columns + c] = x2;
      }
    }
    return { x1s, x2s, columns, rows };
  };

  NNP.FEATURE_NAMES = Object.keys(FEATURES);
  NNP.ACTIVATION_NAMES = Object.keys(ACTIVATIONS);
})();
