// The panel under the network diagram: a neuron's map enlarged, or the editor that sets one
// weight or bias by hand. It sits in the page's flow so it never covers the nodes and edges a
// student clicks next.

(() => {
  const NNP = window.NNPlayground;

  NNP.Popup = class {
    constructor(host, before, live) {
      this.live = live;
      this.root = NNP.el("div", "nnp-popup");
      host.insertBefore(this.root, before);
      this.root.hidden = true;
      this.enlarged = null; // [column, unit] whose map is shown
    }

    _head(title) {
      this.root.replaceChildren();
      const head = NNP.el("div", "nnp-popup-head", this.root);
      NNP.el("div", "nnp-popup-title", head, title);
      const close = NNP.el("button", "nnp-icon-button", head, "×");
      close.title = "Close";
      close.addEventListener("click", () => this.close());
    }

    /** Show unit u of column c enlarged; the same click again closes it. */
    toggleNeuron(c, u) {
      const live = this.live;
      const scene = live.scene;
      if (this.enlarged && this.enlarged[0] === c && this.enlarged[1] === u && this.root.dataset.kind === "neuron") {
        this.close();
        return;
      }
      this.enlarged = [c, u];
      this.root.dataset.kind = "neuron";
      const last = scene.sizes.length - 1;
      const title =
        c === 0
          ? `Input ${scene.feature_labels[u]}`
          : c === last
            ? `Output ${NNP.unitName(scene, c, u)} · ${scene.output}`
            : `Layer ${c}, neuron ${u + 1} (${NNP.unitName(scene, c, u)}) · ${scene.activations[c - 1]}`;
      this._head(title);
      this.canvas = NNP.el("canvas", "nnp-enlarged", this.root);
      this.note = NNP.el("div", "nnp-caption", this.root);
      this.root.hidden = false;
      live.diagram.markSelected(this.enlarged);
      this.draw();
    }

    /** Redraw the enlarged map from the current frame's values over the grid. */
    draw() {
      const live = this.live;
      if (!live.layers || !this.enlarged || this.root.hidden) return;
      const [c, u] = this.enlarged;
      const grid = live.gridPoints;
      const n = grid.columns * grid.rows;
      const values = live.layers[c].subarray(u * n, (u + 1) * n);
      this.canvas.width = grid.columns;
      this.canvas.height = grid.rows;
      const context = this.canvas.getContext("2d");
      const image = context.createImageData(grid.columns, grid.rows);
      let low = Infinity;
      let high = -Infinity;
      for (const v of values) {
        if (v < low) low = v;
        if (v > high) high = v;
      }
      const probability = c === live.scene.sizes.length - 1 && live.scene.output !== "linear";
      const scale = Math.max(1, Math.abs(low), Math.abs(high));
      for (let p = 0; p < n; p += 1) {
        const color = live.colors.diverging(probability ? 2 * values[p] - 1 : values[p] / scale);
        image.data.set([color[0], color[1], color[2], 255], 4 * p);
      }
      context.putImageData(image, 0, 0);
      this.note.textContent = `over the plotted input plane: min ${NNP.fmt(low, 3)}, max ${NNP.fmt(high, 3)}`;
    }

    /** The editor of weight W[i][j] of a layer (kind "weight") or of bias j (kind "bias"). */
    editParameter(kind, layer, i, j) {
      const live = this.live;
      const scene = live.scene;
      if (!live.frame) return;
      this.enlarged = null;
      live.diagram.markSelected(null);
      const model = live.model;
      const value = kind === "bias" ? model.bias(layer, j) : model.weight(layer, i, j);
      const gradient = live.frame.gradient(layer, kind === "bias" ? null : i, j);
      const name =
        kind === "bias"
          ? `b${NNP.sup(layer + 1)}${NNP.sub(j + 1)} (bias of ${NNP.unitName(scene, layer + 1, j)})`
          : `w${NNP.sup(layer + 1)}${NNP.sub(i + 1)}${NNP.sub(j + 1)} (${NNP.unitName(scene, layer, i)} → ${NNP.unitName(scene, layer + 1, j)})`;
      this.root.dataset.kind = "editor";
      this._head(`Set ${name}`);
      const slope = gradient === null ? "" : ` · ∂L/∂${kind === "bias" ? "b" : "w"} = ${NNP.fmt(gradient)}`;
      NNP.el("div", "nnp-caption", this.root, `now ${NNP.fmt(value)}${slope}`);
      const form = NNP.el("form", "nnp-editor", this.root);
      const input = NNP.el("input", "", form);
      input.type = "text";
      input.inputMode = "decimal";
      input.value = NNP.fmt(value, 6).replace("−", "-");
      input.setAttribute("aria-label", `new value of ${name}`);
      NNP.el("button", "nnp-button", form, "Set");
      const message = NNP.el("div", "nnp-error", this.root);
      form.addEventListener("submit", (submit) => {
        submit.preventDefault();
        const text = input.value.trim().replace("−", "-");
        const number = text === "" ? NaN : Number(text);
        const limit = scene.max_parameter;
        if (!Number.isFinite(number) || Math.abs(number) > limit) {
          message.textContent = `Enter a number between −${limit} and ${limit}.`;
          return;
        }
        message.textContent = "";
        live.action({ type: "set_parameter", kind, layer, i, j, value: number });
        this.close();
      });
      this.root.hidden = false;
      input.focus();
      input.select();
    }

    close() {
      this.root.hidden = true;
      this.enlarged = null;
      this.live.diagram.markSelected(null);
    }
  };
})();
