// The live view's layout: a comparison's second run and the loss chart's lines for a scene, which
// parts the mode shows and where, and their sizes. The live view (view.js) extends this class.

(() => {
  const NNP = window.NNPlayground;
  const INK = "#1f2328";
  const ACCURACY = "#0072B2";
  const SECOND = "#D55E00";

  NNP.LiveLayout = class {
    /** A comparison's second run: its network, read-outs and output view; or none. */
    _setSecond(scene) {
      const compare = scene.compare;
      if (!compare) {
        this.second = null;
        return;
      }
      if (!this.second) {
        const readouts = new NNP.Readouts(this.right);
        const boundary = new NNP.Boundary(this.right, this, { tools: false });
        boundary.root.dataset.view = "boundary-b";
        readouts.root.dataset.view = "readouts-b";
        this.second = { readouts, boundary };
      }
      this.second.model = new NNP.Model({ ...scene, ...compare });
      this.second.boundary.setScene(scene);
      this.titles[0].textContent = `This run: ${compare.left}`;
      this.titles[1].textContent = `Compared with: ${compare.right}`;
    }

    /** The loss chart's lines: one run's losses and accuracies, or both runs' losses by step. */
    _setCurves(scene, history) {
      const compare = this.second !== null;
      const classify = scene.task !== "regression";
      this.loss.xLabel = compare ? "steps (both runs)" : "epoch";
      const lines = compare
        ? [
            { name: "train", label: "this run: train loss", color: INK, width: 2 },
            { name: "test", label: "test", color: INK, width: 1.5, dash: [5, 4] },
            { name: "b_train", label: "compared: train loss", color: SECOND, width: 2 },
            { name: "b_test", label: "test", color: SECOND, width: 1.5, dash: [5, 4] },
          ]
        : [
            { name: "train", label: "train loss", color: INK, width: 2 },
            { name: "test", label: "test loss", color: INK, width: 1.5, dash: [5, 4] },
            ...(classify
              ? [
                  { name: "acc_train", label: "train accuracy", color: ACCURACY, width: 1.2, axis: "right" },
                  { name: "acc_test", label: "test accuracy", color: ACCURACY, width: 1.2, dash: [5, 4], axis: "right" },
                ]
              : []),
          ];
      this.loss.setLines(lines);
      const b = history.b || {};
      const columns = { ...history, b_train: b.train, b_test: b.test };
      this.loss.series.load((compare ? history.step : history.epoch) || [], columns);
      const steps = history.step || [];
      this.lastStep = steps.length ? steps[steps.length - 1] : -1;
      this.loss.markers = (history.markers || []).map((m) => ({ x: compare ? m.step : m.epoch, text: m.text }));
      this.loss.drawLegend();
    }

    /** Put the parts where the mode wants them: network beside output, or two outputs. */
    _arrange() {
      const compare = this.second !== null;
      this.root.classList.toggle("nnp-compare", compare);
      // Two outputs side by side stay level: the draw tools wait until the comparison ends.
      this.boundary.tools.root.hidden = compare;
      if (compare) {
        this.left.replaceChildren(this.titles[0], this.readouts.root, this.boundary.root);
        this.right.replaceChildren(this.titles[1], this.second.readouts.root, this.second.boundary.root);
        this.below.replaceChildren(this.loss.root);
      } else {
        this.left.replaceChildren(this.diagram.root, this.popup.root, this.loss.root);
        this.right.replaceChildren(this.readouts.root, this.boundary.root);
        this.below.replaceChildren(this.space.root);
      }
    }

    _viewClasses(view) {
      this.root.classList.toggle("nnp-presenter", view.mode === "presenter");
      this.root.classList.toggle("nnp-embed", view.mode === "embed");
      this.fontSize = view.mode === "presenter" ? 17 : view.mode === "embed" ? 11 : 12;
      this.loss.log = Boolean(view.log_loss);
      this.gradients.root.hidden = !view.show_gradients || this.second !== null;
      this.space.root.hidden = !view.layer_space || this.second !== null;
    }

    _setView(view) {
      const old = this.view;
      this.view = view;
      this._viewClasses(view);
      const layoutKeys = ["mode", "show_gradients", "layer_space"];
      if (layoutKeys.some((key) => old[key] !== view[key]) || old.heights?.boundary !== view.heights?.boundary) {
        this._built = false;
        this._relayout();
      } else if (this.scene && this._built) {
        this._overlays();
        this.diagram.markSelected(this.popup.enlarged);
        if (this.frame) this._draw(this.frame);
      }
    }

    _boundaries() {
      return this.second ? [this.boundary, this.second.boundary] : [this.boundary];
    }

    _overlays() {
      for (const boundary of this._boundaries()) boundary.drawOverlay(this.scene, this.view, this.colors);
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
      if (this.second) {
        this.boundary.layout(leftWidth, heights.boundary);
        this.second.boundary.layout(rightWidth, heights.boundary);
        this.loss.resize(Math.max(200, Math.min(width, 900)), heights.chart);
      } else {
        this.boundary.layout(rightWidth, heights.boundary);
        this.loss.resize(Math.max(200, Math.min(leftWidth, 720)), heights.chart);
        const node = narrow ? Math.min(heights.node, 30) : heights.node;
        this.diagram.build(this.scene, leftWidth, node);
        this.gradients.build(this.scene, width);
        this.gradients.load(this._historyForGradients || {});
        this.space.resize(Math.min(width, 560), heights.boundary);
      }
      this._built = true;
      this.viewChanged(this.boundary);
    }
  };
})();
