// The live view's root: it receives frames from the server, plays them (playback.js: up to one
// per animation frame, the next batch asked for when the queue runs low), and draws every view
// from the same frame: output, network, loss curve, read-outs and gradients. In a comparison the
// two runs' outputs and read-outs stand side by side over one loss chart (layout.js places them).

(() => {
  const NNP = window.NNPlayground;
  const GRID = 100; // cells per side of the output surface
  const PAUSE_BUTTON = ".st-key-play button";
  const HOLD_MS = 1500; // a pressed Pause holds the picture this long at most without an answer

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
      this.b = raw.b ? { ...raw.b, params: NNP.floats(raw.b.p) } : null; // a comparison's second run
    }

    gradient(l, i, j) {
      if (!this.gradients) return null;
      const block = this.model.blocks[l];
      const row = i === null ? block.fanIn : i;
      return this.gradients[block.offset + row * block.fanOut + j];
    }
  }

  class Live extends NNP.LiveLayout {
    constructor(parentElement) {
      super();
      this.parentElement = parentElement;
      this.root = NNP.el("div", "nnp-live", parentElement);
      this.font = getComputedStyle(document.body).fontFamily || "sans-serif";
      this.fontSize = 12;
      this.tooltip = new NNP.Tooltip(this.root);
      const grid = NNP.el("div", "nnp-grid", this.root);
      this.left = NNP.el("div", "nnp-left", grid);
      this.right = NNP.el("div", "nnp-right", grid);
      this.below = NNP.el("div", "nnp-below", this.root);
      this.titles = [NNP.el("div", "nnp-side-title"), NNP.el("div", "nnp-side-title")];
      this.readouts = new NNP.Readouts(this.right);
      this.boundary = new NNP.Boundary(this.right, this);
      this.diagram = new NNP.Diagram(this.left, this);
      this.loss = new NNP.Chart(this.left, this, { view: "loss", lines: [], xLabel: "epoch" });
      this.popup = new NNP.Popup(this.left, this.loss.root, this);
      this.gradients = new NNP.Gradients(this.root, this);
      this.space = new NNP.Space(this.below, this);
      this.second = null; // a comparison's second run: {model, readouts, boundary}
      this.playback = new NNP.Playback();
      // Under load Streamlit can leave a second, empty copy of the view in the page, with no
      // size; it must not talk to the server (each of its requests would cut short the
      // visible view's run and make it redraw its scene).
      this.playback.canSend = () => this.root.isConnected && this.root.clientWidth > 0;
      this.playing = false;
      this.scene = null;
      this.view = {};
      this.frame = null;
      this.shownFrames = 0;
      this._loop = this._loop.bind(this);
      this.resizeObserver = new ResizeObserver(() => this._relayout(false));
      this.resizeObserver.observe(this.root);
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") this.popup.close();
        if (event.key === " " || event.key === "Enter") this._pressing(event.target);
      });
      // Pressing Pause stops the drawing at once: the browser's time goes to the click instead of
      // to frames the server is about to stop sending. The server's paused answer then shows its
      // last state; a press that ends off the button, or turns into a scroll (no click), lets
      // playback go on.
      this.held = 0;
      document.addEventListener("pointerdown", (event) => this._pressing(event.target), true);
      document.addEventListener("pointerup", (event) => {
        if (this.held && !this._isPause(event.target)) this.held = 0;
      }, true);
      document.addEventListener("pointercancel", () => (this.held = 0), true);
    }

    // -- from the server ---------------------------------------------------------------------
    receive(data, setTriggerValue) {
      this.playback.setTriggerValue = setTriggerValue;
      // For tests and benchmarks: which server run and which scene the page shows.
      this.root.dataset.run = String(data.run);
      const playback = this.playback;
      playback.answered(data.ack, performance.now());
      // A session that has not heard of a first picture yet (a new one on a reconnect too) asks.
      if (data.ask_shown && data.ask_shown !== this.shownFor) this.askShown = data.ask_shown;
      if (data.scene) {
        this._viewClasses(data.view || {});
        this.view = data.view || {};
        this._setScene(data.scene, data.history || {});
      } else {
        this._setView(data.view || {});
      }
      if (!this.scene || this.scene.id !== data.scene_id) {
        this.scene = null;
        playback.queue = [];
        this.action({ type: "scene" });
        return;
      }
      if (data.flush) playback.queue = [];
      const frames = (data.frames || []).map((raw) => new Frame(raw, this.model));
      const playing = Boolean(data.playing);
      if (!playing) {
        this.held = 0;
        // Paused: the server's state is the truth; queued frames are history already shown or
        // skipped, so the newest frame is drawn at once.
        playback.queue = [];
        const last = frames[frames.length - 1];
        for (const frame of frames.slice(0, -1)) this._record(frame);
        if (last) this._show(last);
      } else {
        playback.queue.push(...frames);
      }
      this._setPlaying(playing && data.status !== "diverged");
      playback.flush();
    }

    _setScene(scene, history) {
      this.scene = scene;
      this.root.dataset.scene = scene.id;
      this.colors = new NNP.Colors(scene.palette);
      this.model = new NNP.Model(scene);
      this.spaceModel = new NNP.Model(scene); // its own buffers: the grid's stay for the popup
      this.boundary.setScene(scene);
      this.space.setScene(scene);
      this._setSecond(scene);
      this._setCurves(scene, history);
      this.frame = null;
      this.popup.close();
      this._built = false;
      this._historyForGradients = history;
      this._arrange();
      this._relayout();
    }


    /** Zoom, pan or a new layout: recompute the grid and redraw the current frame. Both
     *  outputs of a comparison show the same part of the plane. */
    viewChanged(source = this.boundary) {
      if (!this.scene) return;
      for (const boundary of this._boundaries()) {
        if (boundary !== source) boundary.extent = source.extent.slice();
      }
      this.gridPoints = NNP.grid(source.extent, GRID, GRID);
      this._overlays();
      if (this.frame) this._draw(this.frame);
    }

    // -- playback ----------------------------------------------------------------------------
    _setPlaying(playing) {
      if (playing === this.playing) return;
      this.playing = playing;
      this.root.classList.toggle("nnp-playing", playing);
      if (playing) requestAnimationFrame(this._loop);
    }

    _isPause(target) {
      return target instanceof Element && target.closest(PAUSE_BUTTON) !== null;
    }

    _pressing(target) {
      if (this.playing && this._isPause(target)) this.held = performance.now();
    }

    _loop(now) {
      if (!this.playing || !this.root.isConnected) return;
      if (this.held && now - this.held < HOLD_MS) {
        requestAnimationFrame(this._loop);
        return;
      }
      this.held = 0;
      const frame = this.playback.next(now);
      if (frame) this._show(frame);
      this.playback.askIfLow(this.frame ? this.frame.step : -1);
      requestAnimationFrame(this._loop);
    }

    /** Add a frame to the curves: one point per training step count (a repeat adds nothing). */
    _record(frame) {
      const x = this.second ? frame.step : frame.epoch;
      if (frame.marker) this.loss.markers.push({ x, text: frame.marker });
      if (frame.step <= this.lastStep) return;
      this.lastStep = frame.step;
      const row = { train: frame.loss[0], test: frame.loss[1], acc_train: frame.acc[0], acc_test: frame.acc[1] };
      if (frame.b) Object.assign(row, { b_train: frame.b.loss[0], b_test: frame.b.loss[1] });
      this.loss.series.push(x, row);
      this.gradients.push(frame);
    }

    _show(frame) {
      frame.model = this.model;
      this._record(frame);
      this.frame = frame;
      this.shownFrames += 1;
      this._draw(frame);
      if (this.askShown) {
        // The first picture is up: the server may now draw the controls and what lies below.
        this.shownFor = this.askShown;
        this.askShown = null;
        this.action({ type: "shown" });
      }
    }

    /** Every view from the same frame. */
    _draw(frame) {
      if (!this._built) return;
      const grid = this.gridPoints || (this.gridPoints = NNP.grid(this.boundary.extent, GRID, GRID));
      this.model.setParams(frame.params);
      const layers = this.model.forward(grid.x1s, grid.x2s);
      this.layers = layers;
      this.boundary.paint(layers[layers.length - 1], grid, this.scene, this.view, this.colors);
      this.readouts.show(frame, this.scene.task);
      const views = [this.boundary.root, this.loss.root, this.readouts.root];
      if (this.second && frame.b) {
        const second = this.second;
        second.model.setParams(frame.b.params);
        const others = second.model.forward(grid.x1s, grid.x2s);
        second.boundary.paint(others[others.length - 1], grid, this.scene, this.view, this.colors);
        second.readouts.show(frame.b, this.scene.task);
        views.push(second.boundary.root, second.readouts.root);
      } else {
        this.diagram.update(frame, layers, grid, this.view, this.colors);
        views.push(this.diagram.root, this.gradients.root);
        if (this.view.show_gradients) this.gradients.update(frame);
        if (this.view.layer_space) {
          this.space.update(frame);
          views.push(this.space.root);
        }
        this.popup.draw();
      }
      this.loss.draw();
      for (const node of views) {
        node.dataset.step = String(frame.step);
        node.dataset.frames = String(this.shownFrames);
      }
    }

    // -- to the server -----------------------------------------------------------------------
    /** Send the server an action (one in flight at a time, each answered by an ack). */
    action(message) {
      this.playback.action(message);
    }

    selectPoint(index) {
      this.view = { ...this.view, selected_point: index };
      this._overlays();
      this.action({ type: "select_point", index });
    }

    // -- the network diagram's clicks ------------------------------------------------------
    toggleNeuron(c, u) {
      this.popup.toggleNeuron(c, u);
    }

    editParameter(event, kind, layer, i, j) {
      this.popup.editParameter(kind, layer, i, j);
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
