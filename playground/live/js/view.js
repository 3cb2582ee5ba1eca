// The live view's root: it receives frames from the server, plays them (up to one per animation
// frame), asks for the next batch when its queue runs low (one request in flight), and draws every
// view from the same frame: output, network, loss curve, read-outs and gradients.

(() => {
  const NNP = window.NNPlayground;
  const MAX_FPS = 60;
  const AHEAD_MS = 250; // ask for more frames when fewer than this many ms are queued
  const BATCH_MS = 450; // and ask for this many ms of frames
  const RESEND_MS = 4000; // an action not answered by then is sent again
  const GRID = 100; // cells per side of the output surface

  /** One frame decoded: parameters, gradients and the numbers the read-outs show. */
  class Frame {
    constructor(raw, model) {
      this.raw = raw;
      this.step = raw.step;
      this.epoch = raw.epoch;
      this.loss = raw.loss;
      this.acc = raw.acc;
      this.status = raw.status;
      this.grad_norms = raw.gn;
      this.params = NNP.floats(raw.p);
      this.gradients = raw.g ? NNP.floats(raw.g) : null;
      this.model = model;
      this.marker = raw.marker || null;
    }

    gradient(l, i, j) {
      if (!this.gradients) return null;
      const block = this.model.blocks[l];
      const row = i === null ? block.fanIn : i;
      return this.gradients[block.offset + row * block.fanOut + j];
    }
  }

  class Live {
    constructor(parentElement) {
      this.parentElement = parentElement;
      this.root = NNP.el("div", "nnp-live", parentElement);
      this.font = getComputedStyle(document.body).fontFamily || "sans-serif";
      this.fontSize = 12;
      this.tooltip = new NNP.Tooltip(this.root);
      const grid = NNP.el("div", "nnp-grid", this.root);
      this.left = NNP.el("div", "nnp-left", grid);
      this.right = NNP.el("div", "nnp-right", grid);
      this.readouts = NNP.el("div", "nnp-readouts", this.right);
      this.readouts.dataset.view = "readouts";
      this.boundary = new NNP.Boundary(this.right, this);
      this.diagram = new NNP.Diagram(this.left, this);
      this.loss = new NNP.Chart(this.left, this, { view: "loss", lines: [], xLabel: "epoch" });
      this.gradients = new NNP.Gradients(this.root, this);
      // The enlarged neuron and the weight editor open right under the diagram, in the page's
      // flow: a floating box would cover the very nodes and edges a student clicks next.
      this.popup = NNP.el("div", "nnp-popup");
      this.left.insertBefore(this.popup, this.loss.root);
      this.popup.hidden = true;
      this.queue = [];
      this.pending = null;
      this.outbox = [];
      this.seq = 0;
      this.playing = false;
      this.scene = null;
      this.view = {};
      this.frame = null;
      this.shownFrames = 0;
      this.lastShown = 0;
      this.intervals = [];
      this.enlarged = null;
      this._loop = this._loop.bind(this);
      this.resizeObserver = new ResizeObserver(() => this._relayout(false));
      this.resizeObserver.observe(this.root);
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") this.closePopup();
      });
    }

    // -- from the server ---------------------------------------------------------------------
    receive(data, setTriggerValue) {
      this.setTriggerValue = setTriggerValue;
      // For tests and benchmarks: which server run and which scene the page shows.
      this.root.dataset.run = String(data.run);
      if (this.pending && data.ack >= this.pending.seq) this.pending = null;
      if (data.scene) {
        this._viewClasses(data.view || {});
        this.view = data.view || {};
        this._setScene(data.scene, data.history || {});
      } else {
        this._setView(data.view || {});
      }
      if (!this.scene || this.scene.id !== data.scene_id) {
        this.scene = null;
        this.queue = [];
        this.action({ type: "scene" });
        return;
      }
      if (data.flush) this.queue = [];
      const frames = (data.frames || []).map((raw) => new Frame(raw, this.model));
      const playing = Boolean(data.playing);
      if (!playing) {
        // Paused: the server's state is the truth; queued frames are history already shown or
        // skipped, so the newest frame is drawn at once.
        this.queue = [];
        const last = frames[frames.length - 1];
        for (const frame of frames.slice(0, -1)) this._record(frame);
        if (last) this._show(last);
      } else {
        this.queue.push(...frames);
      }
      this._setPlaying(playing && data.status !== "diverged");
      this._flush();
    }

    _setScene(scene, history) {
      this.scene = scene;
      this.root.dataset.scene = scene.id;
      this.colors = new NNP.Colors(scene.palette);
      this.model = new NNP.Model(scene);
      this.boundary.setScene(scene);
      const classify = scene.task !== "regression";
      this.loss.setLines([
        { name: "train", label: "train loss", color: "#1f2328", width: 2 },
        { name: "test", label: "test loss", color: "#1f2328", width: 1.5, dash: [5, 4] },
        ...(classify
          ? [
              { name: "acc_train", label: "train accuracy", color: "#0072B2", width: 1.2, axis: "right" },
              { name: "acc_test", label: "test accuracy", color: "#0072B2", width: 1.2, dash: [5, 4], axis: "right" },
            ]
          : []),
      ]);
      this.loss.series.load(history.epoch || [], history);
      const steps = history.step || [];
      this.lastStep = steps.length ? steps[steps.length - 1] : -1;
      this.loss.markers = (history.markers || []).map((m) => ({ x: m.epoch, text: m.text }));
      this.loss.drawLegend();
      this.frame = null;
      this.enlarged = null;
      this.popup.hidden = true;
      this._built = false;
      this._historyForGradients = history;
      this._relayout();
    }

    _viewClasses(view) {
      this.root.classList.toggle("nnp-presenter", view.mode === "presenter");
      this.root.classList.toggle("nnp-embed", view.mode === "embed");
      this.fontSize = view.mode === "presenter" ? 17 : view.mode === "embed" ? 11 : 12;
      this.loss.log = Boolean(view.log_loss);
      this.gradients.root.hidden = !view.show_gradients;
    }

    _setView(view) {
      const old = this.view;
      this.view = view;
      this._viewClasses(view);
      const layoutKeys = ["mode", "show_gradients"];
      if (layoutKeys.some((key) => old[key] !== view[key]) || old.heights?.boundary !== view.heights?.boundary) {
        this._built = false;
        this._relayout();
      } else if (this.scene && this._built) {
        this.boundary.drawOverlay(this.scene, view, this.colors);
        this.diagram.markSelected(this.enlarged);
        if (this.frame) this._draw(this.frame);
      }
    }

    _relayout(force = true) {
      if (!this.scene) return;
      const width = this.root.clientWidth;
      if (!width || (!force && width === this._laidOutWidth)) return;
      this._laidOutWidth = width;
      const narrow = width < 700;
      this.root.classList.toggle("nnp-narrow", narrow);
      const heights = this.view.heights || { boundary: 400, chart: 200, node: 38 };
      const rightWidth = narrow ? width : this.right.clientWidth || width * 0.45;
      const leftWidth = narrow ? width : this.left.clientWidth || width * 0.55;
      this.boundary.layout(rightWidth, heights.boundary);
      this.loss.resize(Math.max(200, Math.min(leftWidth, 720)), heights.chart);
      const node = narrow ? Math.min(heights.node, 30) : heights.node;
      this.diagram.build(this.scene, leftWidth, node);
      this.gradients.build(this.scene, width);
      this.gradients.load(this._historyForGradients || {});
      this.boundary.drawOverlay(this.scene, this.view, this.colors);
      this._built = true;
      this.viewChanged();
    }

    /** Zoom, pan or a new layout: recompute the grid and redraw the current frame. */
    viewChanged() {
      if (!this.scene) return;
      this.gridPoints = NNP.grid(this.boundary.extent, GRID, GRID);
      this.boundary.drawOverlay(this.scene, this.view, this.colors);
      if (this.frame) this._draw(this.frame);
    }

    // -- playback ----------------------------------------------------------------------------
    _setPlaying(playing) {
      if (playing === this.playing) return;
      this.playing = playing;
      this.root.classList.toggle("nnp-playing", playing);
      if (playing) requestAnimationFrame(this._loop);
    }

    _loop(now) {
      if (!this.playing || !this.root.isConnected) return;
      if (this.queue.length && now - this.lastShown >= 1000 / MAX_FPS - 2) {
        if (this.lastShown) this.intervals.push(now - this.lastShown);
        if (this.intervals.length > 30) this.intervals.shift();
        this.lastShown = now;
        this._show(this.queue.shift());
      }
      const interval = this._interval();
      if (!this.pending && !this.outbox.length && this.queue.length * interval < AHEAD_MS) {
        const want = Math.max(4, Math.min(40, Math.round(BATCH_MS / interval)));
        this.action({ type: "more", want, shown: this.frame ? this.frame.step : -1 });
      }
      requestAnimationFrame(this._loop);
    }

    _interval() {
      if (!this.intervals.length) return 1000 / MAX_FPS;
      const sorted = this.intervals.slice().sort((a, b) => a - b);
      return Math.max(1000 / MAX_FPS, sorted[sorted.length >> 1]);
    }

    /** Add a frame to the curves: one point per training step count (a repeat adds nothing). */
    _record(frame) {
      if (frame.marker) this.loss.markers.push({ x: frame.epoch, text: frame.marker });
      if (frame.step <= this.lastStep) return;
      this.lastStep = frame.step;
      const row = { train: frame.loss[0], test: frame.loss[1], acc_train: frame.acc[0], acc_test: frame.acc[1] };
      this.loss.series.push(frame.epoch, row);
      this.gradients.push(frame);
    }

    _show(frame) {
      frame.model = this.model;
      this._record(frame);
      this.frame = frame;
      this.shownFrames += 1;
      this._draw(frame);
    }

    /** Every view from the same frame. */
    _draw(frame) {
      if (!this._built) return;
      const model = this.model;
      model.setParams(frame.params);
      const grid = this.gridPoints || (this.gridPoints = NNP.grid(this.boundary.extent, GRID, GRID));
      const layers = model.forward(grid.x1s, grid.x2s);
      this.layers = layers;
      this.boundary.paint(layers[layers.length - 1], grid, this.scene, this.view, this.colors);
      this.diagram.update(frame, layers, grid, this.view, this.colors);
      this._readouts(frame);
      this.loss.draw();
      if (this.view.show_gradients) this.gradients.update(frame);
      if (this.enlarged) this._drawEnlarged();
      for (const node of [this.boundary.root, this.diagram.root, this.loss.root, this.readouts, this.gradients.root]) {
        node.dataset.step = String(frame.step);
        node.dataset.frames = String(this.shownFrames);
      }
    }

    _readouts(frame) {
      const diverged = frame.status === "diverged";
      const cells = [
        ["Epoch", NNP.count(Math.floor(frame.epoch + 1e-9)), `step ${NNP.count(frame.step)}`],
        ["Train loss", diverged ? "diverged" : NNP.fmt(frame.loss[0]), ""],
        ["Test loss", frame.loss[1] === null ? "–" : diverged ? "diverged" : NNP.fmt(frame.loss[1]), ""],
      ];
      if (this.scene.task !== "regression") {
        cells.push(["Accuracy", NNP.pct(frame.acc[1] ?? frame.acc[0]), frame.acc[1] === null ? "train" : `train ${NNP.pct(frame.acc[0])}`]);
      }
      if (!this.readoutCells || this.readoutCells.length !== cells.length) {
        this.readouts.replaceChildren();
        this.readoutCells = cells.map(() => {
          const cell = NNP.el("div", "nnp-readout", this.readouts);
          return [NNP.el("div", "nnp-readout-label", cell), NNP.el("div", "nnp-readout-value", cell), NNP.el("div", "nnp-readout-note", cell)];
        });
      }
      cells.forEach((texts, k) => texts.forEach((text, t) => (this.readoutCells[k][t].textContent = text)));
    }

    // -- to the server -----------------------------------------------------------------------
    /** Queue an action for the server; one is in flight at a time, each answered by an ack. */
    action(message) {
      if (message.type === "more" && this.outbox.some((queued) => queued.type === "more")) return;
      this.outbox.push(message);
      this._flush();
    }

    _flush() {
      const now = performance.now();
      if (this.pending && now - this.pending.sent > RESEND_MS) {
        this.outbox.unshift(this.pending.message); // not answered: the run was cut short
        this.pending = null;
      }
      if (this.pending || !this.outbox.length || !this.setTriggerValue) return;
      const message = this.outbox.shift();
      this.seq = Math.max(this.seq + 1, Date.now());
      this.pending = { seq: this.seq, sent: now, message };
      this.setTriggerValue("action", { ...message, seq: this.seq });
      if (!this._resendTimer) {
        this._resendTimer = setInterval(() => this._flush(), 1000);
      }
    }

    selectPoint(index) {
      this.view = { ...this.view, selected_point: index };
      this.boundary.drawOverlay(this.scene, this.view, this.colors);
      this.action({ type: "select_point", index });
    }

    // -- the enlarged neuron and the weight editor -------------------------------------------
    toggleNeuron(c, u) {
      const same = this.enlarged && this.enlarged[0] === c && this.enlarged[1] === u && this.popup.dataset.kind === "neuron";
      if (same) {
        this.closePopup();
        return;
      }
      this.enlarged = [c, u];
      this.popup.dataset.kind = "neuron";
      this.popup.replaceChildren();
      const head = NNP.el("div", "nnp-popup-head", this.popup);
      const last = this.scene.sizes.length - 1;
      const title =
        c === 0
          ? `Input ${this.scene.feature_labels[u]}`
          : c === last
            ? `Output ${NNP.unitName(this.scene, c, u)} · ${this.scene.output}`
            : `Layer ${c}, neuron ${u + 1} (${NNP.unitName(this.scene, c, u)}) · ${this.scene.activations[c - 1]}`;
      NNP.el("div", "nnp-popup-title", head, title);
      const close = NNP.el("button", "nnp-icon-button", head, "×");
      close.title = "Close";
      close.addEventListener("click", () => this.closePopup());
      this.enlargedCanvas = NNP.el("canvas", "nnp-enlarged", this.popup);
      this.enlargedNote = NNP.el("div", "nnp-caption", this.popup);
      this.popup.hidden = false;
      this.diagram.markSelected(this.enlarged);
      this._drawEnlarged();
    }

    _drawEnlarged() {
      if (!this.layers || !this.enlarged) return;
      const [c, u] = this.enlarged;
      const grid = this.gridPoints;
      const n = grid.columns * grid.rows;
      const values = this.layers[c].subarray(u * n, (u + 1) * n);
      const canvas = this.enlargedCanvas;
      canvas.width = grid.columns;
      canvas.height = grid.rows;
      const context = canvas.getContext("2d");
      const image = context.createImageData(grid.columns, grid.rows);
      let low = Infinity;
      let high = -Infinity;
      for (const v of values) {
        if (v < low) low = v;
        if (v > high) high = v;
      }
      const probability = c === this.scene.sizes.length - 1 && this.scene.output !== "linear";
      const scale = Math.max(1, Math.abs(low), Math.abs(high));
      for (let p = 0; p < n; p += 1) {
        const color = this.colors.diverging(probability ? 2 * values[p] - 1 : values[p] / scale);
        image.data.set([color[0], color[1], color[2], 255], 4 * p);
      }
      context.putImageData(image, 0, 0);
      this.enlargedNote.textContent = `over the plotted input plane: min ${NNP.fmt(low, 3)}, max ${NNP.fmt(high, 3)}`;
    }

    editParameter(event, kind, layer, i, j) {
      if (!this.frame) return;
      this.enlarged = null;
      this.diagram.markSelected(null);
      const model = this.model;
      const value = kind === "bias" ? model.bias(layer, j) : model.weight(layer, i, j);
      const gradient = this.frame.gradient(layer, kind === "bias" ? null : i, j);
      const name =
        kind === "bias"
          ? `b${NNP.sup(layer + 1)}${NNP.sub(j + 1)} (bias of ${NNP.unitName(this.scene, layer + 1, j)})`
          : `w${NNP.sup(layer + 1)}${NNP.sub(i + 1)}${NNP.sub(j + 1)} (${NNP.unitName(this.scene, layer, i)} → ${NNP.unitName(this.scene, layer + 1, j)})`;
      this.popup.dataset.kind = "editor";
      this.popup.replaceChildren();
      const head = NNP.el("div", "nnp-popup-head", this.popup);
      NNP.el("div", "nnp-popup-title", head, `Set ${name}`);
      const close = NNP.el("button", "nnp-icon-button", head, "×");
      close.addEventListener("click", () => this.closePopup());
      NNP.el("div", "nnp-caption", this.popup, `now ${NNP.fmt(value)}${gradient === null ? "" : ` · ∂L/∂${kind === "bias" ? "b" : "w"} = ${NNP.fmt(gradient)}`}`);
      const form = NNP.el("form", "nnp-editor", this.popup);
      const input = NNP.el("input", "", form);
      input.type = "text";
      input.inputMode = "decimal";
      input.value = NNP.fmt(value, 6).replace("−", "-");
      input.setAttribute("aria-label", `new value of ${name}`);
      NNP.el("button", "nnp-button", form, "Set");
      const message = NNP.el("div", "nnp-error", this.popup);
      form.addEventListener("submit", (submit) => {
        submit.preventDefault();
        const text = input.value.trim().replace("−", "-");
        const number = text === "" ? NaN : Number(text);
        if (!Number.isFinite(number) || Math.abs(number) > this.scene.max_parameter) {
          message.textContent = `Enter a number between −${this.scene.max_parameter} and ${this.scene.max_parameter}.`;
          return;
        }
        message.textContent = "";
        this.action({ type: "set_parameter", kind, layer, i, j, value: number });
        this.closePopup();
      });
      this.popup.hidden = false;
      input.focus();
      input.select();
    }

    closePopup() {
      this.popup.hidden = true;
      this.enlarged = null;
      this.diagram.markSelected(null);
    }
  }

  NNP.render = ({ data, parentElement, setTriggerValue }) => {
    let live = parentElement.__nnpLive;
    if (live && live.version !== NNP.version) {
      live.root.remove();
      live = null;
    }
    if (!live) {
      live = new Live(parentElement);
      live.version = NNP.version;
      parentElement.__nnpLive = live;
    }
    live.receive(data, setTriggerValue);
  };
})();
