// The layer-space view: each training point where a hidden layer puts it (two of its units, the
// engine's own values sent with every frame), the input plane's grid lines as that layer bends
// them, and for the last hidden layer the output's decision boundary in that space: for a sigmoid
// output it is the straight line w·a + b = 0, which is why the hidden layer makes data separable.

(() => {
  const NNP = window.NNPlayground;
  const MARGIN = { left: 44, right: 10, top: 8, bottom: 30 };
  const LINES = 13; // grid lines x1 = -6, -5, ..., 6 and the same for x2
  const SAMPLES = 49; // points along each line
  const SHADE = 60; // cells per side of the output's shading behind the points

  NNP.Space = class {
    constructor(host, live) {
      this.live = live;
      this.root = NNP.el("div", "nnp-space", host);
      this.root.dataset.view = "space";
      this.controls = NNP.el("div", "nnp-space-controls", this.root);
      this.canvas = NNP.el("canvas", "nnp-space-canvas", this.root);
      this.note = NNP.el("div", "nnp-caption nnp-space-note", this.root);
      this.choice = null;
    }

    setScene(scene) {
      this.scene = scene;
      this.hidden = scene.sizes.slice(1, -1);
      if (!this.hidden.length) {
        this.controls.replaceChildren();
        this.note.textContent = "This network has no hidden layer: there is no layer space to show.";
        this.choice = null;
        return;
      }
      const last = this.hidden.length;
      const keep = this.choice && this.choice[0] <= last && Math.max(this.choice[1], this.choice[2]) < this.hidden[this.choice[0] - 1];
      if (!keep) this.choice = [last, 0, Math.min(1, this.hidden[last - 1] - 1)];
      this._controls();
    }

    _controls() {
      const [layer, i, j] = this.choice;
      this.controls.replaceChildren();
      const select = (label, options, value, onChange) => {
        const wrap = NNP.el("label", "nnp-caption", this.controls, `${label} `);
        const node = NNP.el("select", "nnp-select", wrap);
        options.forEach(([v, text]) => {
          const option = NNP.el("option", "", node, text);
          option.value = String(v);
          option.selected = v === value;
        });
        node.addEventListener("change", () => onChange(Number(node.value)));
      };
      const layers = this.hidden.map((_, k) => [k + 1, `${k + 1} (${this.scene.activations[k]})`]);
      select("hidden layer", layers, layer, (v) => this.choose(v, 0, Math.min(1, this.hidden[v - 1] - 1)));
      const units = Array.from({ length: this.hidden[layer - 1] }, (_, u) => [u, `a${NNP.sup(layer)}${NNP.sub(u + 1)}`]);
      select("across", units, i, (v) => this.choose(layer, v, j));
      select("up", units, j, (v) => this.choose(layer, i, v));
    }

    choose(layer, i, j) {
      this.choice = [layer, i, j];
      this._controls();
      this.live.action({ type: "space", layer, i, j });
      if (this.live.frame) this.update(this.live.frame);
    }

    resize(width, height) {
      this.side = Math.max(160, Math.min(width - MARGIN.left - MARGIN.right, height));
      this.width = this.side + MARGIN.left + MARGIN.right;
      this.height = this.side + MARGIN.top + MARGIN.bottom;
    }

    /** The bent grid lines: every line of the input plane through the network to this layer. */
    _gridLines(model, layer, i, j) {
      const x1s = [];
      const x2s = [];
      for (let k = 0; k < LINES; k += 1) {
        const fixed = -6 + k;
        for (let s = 0; s < SAMPLES; s += 1) {
          const moving = -6 + (12 * s) / (SAMPLES - 1);
          x1s.push(fixed, moving);
          x2s.push(moving, fixed);
        }
      }
      const layers = model.forward(Float64Array.from(x1s), Float64Array.from(x2s));
      const n = x1s.length;
      const values = layers[layer];
      const lines = [[], []]; // x1 = const, x2 = const
      for (let q = 0; q < n; q += 1) {
        const line = lines[q % 2];
        const index = Math.floor(q / (2 * SAMPLES));
        (line[index] = line[index] || []).push([values[i * n + q], values[j * n + q]]);
      }
      return lines;
    }

    update(frame) {
      if (!this.choice || !this.side) return;
      const space = frame.raw.space;
      const [layer, i, j] = space ? [space.layer, ...space.units] : this.choice;
      const model = this.live.spaceModel;
      model.setParams(frame.params);
      const lines = this._gridLines(model, layer, i, j);
      const points = space ? NNP.floats(space.points) : new Float32Array(0);
      let range = [Infinity, -Infinity, Infinity, -Infinity];
      const grow = (a, b) => {
        if (!Number.isFinite(a) || !Number.isFinite(b)) return;
        range = [Math.min(range[0], a), Math.max(range[1], a), Math.min(range[2], b), Math.max(range[3], b)];
      };
      for (let p = 0; p < points.length; p += 2) grow(points[p], points[p + 1]);
      for (const family of lines) for (const line of family) for (const [a, b] of line) grow(a, b);
      if (!Number.isFinite(range[0])) range = [-1, 1, -1, 1];
      const pad = (lo, hi) => {
        const span = Math.max(hi - lo, 1e-6);
        return [lo - 0.06 * span, hi + 0.06 * span];
      };
      const [a0, a1] = pad(range[0], range[1]);
      const [b0, b1] = pad(range[2], range[3]);
      const toX = (a) => MARGIN.left + ((a - a0) / (a1 - a0)) * this.side;
      const toY = (b) => MARGIN.top + ((b1 - b) / (b1 - b0)) * this.side;
      const context = NNP.sizeCanvas(this.canvas, this.width, this.height);
      context.clearRect(0, 0, this.width, this.height);
      const last = layer === this.hidden.length;
      const separable = last && this.hidden[layer - 1] === 2 && i !== j;
      if (separable) this._shade(context, model, layer, i, j, [a0, a1, b0, b1]);
      this._axes(context, [a0, a1, b0, b1], toX, toY, layer, i, j);
      context.lineWidth = 1;
      for (const [family, color] of [[lines[0], "rgba(60,64,67,0.45)"], [lines[1], "rgba(60,64,67,0.25)"]]) {
        context.strokeStyle = color;
        for (const line of family) {
          context.beginPath();
          line.forEach(([a, b], s) => (s ? context.lineTo(toX(a), toY(b)) : context.moveTo(toX(a), toY(b))));
          context.stroke();
        }
      }
      const boundary = this.live.boundary;
      for (let p = 0; p < points.length / 2; p += 1) {
        context.beginPath();
        context.arc(toX(points[2 * p]), toY(points[2 * p + 1]), 3, 0, 2 * Math.PI);
        context.fillStyle = boundary._color(this.scene, this.live.colors, boundary.train.y[p]);
        context.fill();
        context.strokeStyle = "#fff";
        context.stroke();
      }
      if (separable && this.scene.output === "sigmoid") this._line(context, model, layer, i, j, toX, toY, [a0, a1]);
      const name = (u) => `a${NNP.sup(layer)}${NNP.sub(u + 1)}`;
      this.note.textContent = separable
        ? `Each training point at (${name(i)}, ${name(j)}), the engine's own values. Grey: the input plane's grid lines as this layer bends them. The output neuron is linear in this layer: its boundary here is the straight dashed line, and the shading is its output.`
        : `Each training point at (${name(i)}, ${name(j)}), the engine's own values. Grey: the input plane's grid lines as this layer bends them.${last ? "" : " The output's boundary is drawn for the last hidden layer."}${last && this.hidden[layer - 1] !== 2 ? " With exactly 2 neurons in it, the boundary is a straight line here." : ""}`;
      this.root.dataset.step = String(frame.step);
    }

    /** The output over this 2-D layer space: what the output layer makes of (a_i, a_j). */
    _shade(context, model, layer, i, j, [a0, a1, b0, b1]) {
      const l = layer; // weight block from this layer to the output
      const k = model.sizes[model.sizes.length - 1];
      const n = SHADE * SHADE;
      const outputs = new Float64Array(k * n);
      for (let r = 0; r < SHADE; r += 1) {
        for (let c = 0; c < SHADE; c += 1) {
          const a = a0 + ((c + 0.5) / SHADE) * (a1 - a0);
          const b = b1 - ((r + 0.5) / SHADE) * (b1 - b0);
          for (let o = 0; o < k; o += 1) {
            outputs[o * n + r * SHADE + c] = model.bias(l, o) + model.weight(l, i, o) * a + model.weight(l, j, o) * b;
          }
        }
      }
      model._output(outputs, k, n);
      const image = context.createImageData(SHADE, SHADE);
      const range = this.scene.target_range || [-1, 1];
      const centre = range[0] < 0 && range[1] > 0 ? 0 : (range[0] + range[1]) / 2;
      const half = Math.max(Math.abs(range[0] - centre), Math.abs(range[1] - centre)) || 1;
      this.live.colors.paintOutput(image.data, outputs, n, this.scene.task, k, this.live.view.discrete, centre, half);
      const shade = document.createElement("canvas");
      shade.width = SHADE;
      shade.height = SHADE;
      shade.getContext("2d").putImageData(image, 0, 0);
      context.drawImage(shade, MARGIN.left, MARGIN.top, this.side, this.side);
    }

    _line(context, model, layer, i, j, toX, toY, [a0, a1]) {
      const wi = model.weight(layer, i, 0);
      const wj = model.weight(layer, j, 0);
      const b = model.bias(layer, 0);
      if (Math.abs(wj) < 1e-12) return;
      context.save();
      context.beginPath();
      context.rect(MARGIN.left, MARGIN.top, this.side, this.side);
      context.clip();
      context.setLineDash([6, 4]);
      context.lineWidth = 2;
      context.strokeStyle = "#111";
      context.beginPath();
      context.moveTo(toX(a0), toY(-(b + wi * a0) / wj));
      context.lineTo(toX(a1), toY(-(b + wi * a1) / wj));
      context.stroke();
      context.restore();
    }

    _axes(context, [a0, a1, b0, b1], toX, toY, layer, i, j) {
      context.strokeStyle = "#999";
      context.strokeRect(MARGIN.left - 0.5, MARGIN.top - 0.5, this.side + 1, this.side + 1);
      context.fillStyle = "#333";
      context.font = `${this.live.fontSize}px ${this.live.font}`;
      context.textAlign = "center";
      context.textBaseline = "top";
      for (const t of NNP.ticks(a0, a1, 5)) context.fillText(NNP.fmt(t, 2), toX(t), MARGIN.top + this.side + 5);
      context.textAlign = "right";
      context.textBaseline = "middle";
      for (const t of NNP.ticks(b0, b1, 5)) context.fillText(NNP.fmt(t, 2), MARGIN.left - 5, toY(t));
      context.textAlign = "left";
      context.textBaseline = "bottom";
      context.fillText(`a${NNP.sup(layer)}${NNP.sub(i + 1)} →`, MARGIN.left + this.side - 40, this.height);
      context.save();
      context.translate(10, MARGIN.top + 40);
      context.rotate(-Math.PI / 2);
      context.textAlign = "right";
      context.fillText(`a${NNP.sup(layer)}${NNP.sub(j + 1)} →`, 0, 0);
      context.restore();
    }
  };
})();
