// The gradients view: for every layer, W and ∂L/∂W side by side (each on its own diverging scale,
// biases as a last row), and each layer's gradient norm over time on a log scale.

(() => {
  const NNP = window.NNPlayground;
  const LAYER_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"];

  NNP.Gradients = class {
    constructor(host, live) {
      this.live = live;
      this.root = NNP.el("div", "nnp-gradients", host);
      this.root.dataset.view = "gradients";
      this.intro = NNP.el(
        "div",
        "nnp-caption",
        this.root,
        "Each layer's weights W (last row: biases b) beside the gradient ∂L/∂W of the training loss; blue positive, orange negative, each matrix on its own scale.",
      );
      this.panels = NNP.el("div", "nnp-gradient-panels", this.root);
      this.norms = new NNP.Chart(this.root, live, { lines: [], xLabel: "epoch" });
      this.norms.log = true;
      NNP.el("div", "nnp-caption", this.root, "‖∂L/∂W‖ per layer, log scale: lines far apart mean vanishing (or exploding) gradients.");
    }

    build(scene, width) {
      this.scene = scene;
      const layers = scene.sizes.length - 1;
      this.norms.setLines(
        Array.from({ length: layers }, (_, l) => ({
          name: `l${l}`,
          label: `‖∂L/∂W${NNP.sup(l + 1)}‖`,
          color: LAYER_COLORS[l % LAYER_COLORS.length],
          width: 1.6,
        })),
      );
      this.norms.drawLegend();
      this.panels.replaceChildren();
      this.matrices = [];
      for (let l = 0; l < layers; l += 1) {
        const fanIn = scene.sizes[l];
        const fanOut = scene.sizes[l + 1];
        const panel = NNP.el("div", "nnp-gradient-panel", this.panels);
        const title = NNP.el("div", "nnp-gradient-title", panel);
        const pair = NNP.el("div", "nnp-gradient-pair", panel);
        const cell = Math.max(12, Math.min(38, Math.floor((Math.min(width, 900) / 2 - 40) / (2 * fanOut + 1))));
        const parts = ["W", "∂L/∂W"].map((name) => {
          const box = NNP.el("div", "nnp-matrix", pair);
          const label = NNP.el("div", "nnp-matrix-label", box);
          const canvas = NNP.el("canvas", "", box);
          return { name, label, canvas };
        });
        this.matrices.push({ l, fanIn, fanOut, title, parts, cell });
      }
      this.norms.resize(Math.min(width, 640), 150);
    }

    load(history) {
      const columns = {};
      const norms = history.grad_norms || [];
      for (let l = 0; l < this.scene.sizes.length - 1; l += 1) columns[`l${l}`] = norms.map((row) => row[l]);
      this.norms.series.load(history.epoch || [], columns);
    }

    push(frame) {
      if (!frame.grad_norms) return;
      const row = {};
      frame.grad_norms.forEach((value, l) => (row[`l${l}`] = value));
      this.norms.series.push(frame.epoch, row);
    }

    update(frame) {
      const model = frame.model;
      for (const matrix of this.matrices) {
        const { l, fanIn, fanOut, cell } = matrix;
        const block = model.blocks[l];
        const weights = model.params.subarray(block.offset, block.offset + (fanIn + 1) * fanOut);
        const gradients = frame.gradients ? frame.gradients.subarray(block.offset, block.offset + (fanIn + 1) * fanOut) : null;
        const wMax = this._draw(matrix.parts[0].canvas, weights, fanIn + 1, fanOut, cell);
        matrix.parts[0].label.textContent = `W${NNP.sup(l + 1)} and b${NNP.sup(l + 1)} · max |w| ${NNP.fmt(wMax, 3)}`;
        if (gradients) {
          const gMax = this._draw(matrix.parts[1].canvas, gradients, fanIn + 1, fanOut, cell);
          matrix.parts[1].label.textContent = `∂L/∂W${NNP.sup(l + 1)} · max |g| ${NNP.fmt(gMax, 3)}`;
        }
        matrix.title.textContent = `Layer ${l + 1}: ${fanIn} → ${fanOut} (${fanIn} × ${fanOut} weights, ${fanOut} biases)`;
      }
      this.norms.draw();
    }

    /** A (rows, columns) matrix as coloured cells, values printed when the cells are large. */
    _draw(canvas, values, rows, columns, cell) {
      const colors = this.live.colors;
      const width = columns * cell;
      const height = rows * cell + 3;
      const context = NNP.sizeCanvas(canvas, width, height);
      let top = 0;
      for (const v of values) if (Number.isFinite(v)) top = Math.max(top, Math.abs(v));
      const scale = top || 1;
      context.font = `${Math.max(9, Math.floor(cell / 3.4))}px ${this.live.font}`;
      context.textAlign = "center";
      context.textBaseline = "middle";
      for (let r = 0; r < rows; r += 1) {
        const y = r * cell + (r === rows - 1 ? 3 : 0); // the bias row sits a little apart
        for (let c = 0; c < columns; c += 1) {
          const v = values[r * columns + c];
          context.fillStyle = colors.css(v / scale);
          context.fillRect(c * cell, y, cell - 1, cell - 1);
          if (cell >= 30) {
            context.fillStyle = "#111";
            context.fillText(NNP.fmt(v, 2), c * cell + cell / 2, y + cell / 2);
          }
        }
      }
      return top;
    }
  };
})();
