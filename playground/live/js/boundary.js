// The output view: the network's output over the input plane as one canvas image (putImageData,
// scaled smoothly), the data points and axes on a second canvas, the legend and the PNG download.
// What the mouse does over it is in interaction.js.

(() => {
  const NNP = window.NNPlayground;
  const MARGIN = { left: 38, right: 10, top: 8, bottom: 30 };

  NNP.Boundary = class extends NNP.BoundaryInteraction {
    constructor(host, live, { tools = true } = {}) {
      super();
      this.live = live;
      this.root = NNP.el("div", "nnp-boundary", host);
      this.root.dataset.view = "boundary";
      this.tools = new NNP.DrawTools(this.root, this);
      this.tools.root.hidden = !tools; // a comparison's second output is not drawn in
      this.stage = NNP.el("div", "nnp-stage", this.root);
      this.heat = NNP.el("canvas", "nnp-heat", this.stage);
      this.overlay = NNP.el("canvas", "nnp-overlay", this.stage);
      this.legend = NNP.el("div", "nnp-legend", this.root);
      this.png = NNP.el("button", "nnp-icon-button nnp-png", this.stage, "PNG");
      this.png.title = "Download this picture as a PNG file";
      this.png.addEventListener("click", () => this.download());
      this.image = null;
      this.extent = [-6, 6, -6, 6];
      this.home = this.extent;
      this._listen();
    }

    setScene(scene) {
      this.scene = scene;
      const units = scene.target_units || { name: "y", offset: 0, scale: 1 };
      this.targetName = units.name;
      this.units = (v) => units.offset + units.scale * v; // an upload's target in its own units
      const data = scene.data;
      this.train = { x: NNP.floats(data.train_x), y: NNP.floats(data.train_y) };
      this.test = { x: NNP.floats(data.test_x), y: NNP.floats(data.test_y) };
      const same = this.home.every((v, i) => v === scene.extent[i]);
      this.home = scene.extent.slice();
      if (!same || !this.zoomed) this.extent = this.home.slice();
      this.tools.build(scene);
    }

    get zoomed() {
      return this.extent.some((v, i) => v !== this.home[i]);
    }

    /** Lay out for a width and a height (CSS px); returns whether the plot size changed. */
    layout(width, height) {
      const side = Math.max(120, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
      const changed = side !== this.side;
      this.side = side;
      this.width = side + MARGIN.left + MARGIN.right;
      this.height = side + MARGIN.top + MARGIN.bottom;
      this.stage.style.width = `${this.width}px`;
      this.stage.style.height = `${this.height}px`;
      Object.assign(this.heat.style, {
        left: `${MARGIN.left}px`,
        top: `${MARGIN.top}px`,
        width: `${side}px`,
        height: `${side}px`,
      });
      return changed;
    }

    // -- coordinates -------------------------------------------------------------------------
    toPixel(x1, x2) {
      const [a, b, c, d] = this.extent;
      return [MARGIN.left + ((x1 - a) / (b - a)) * this.side, MARGIN.top + ((d - x2) / (d - c)) * this.side];
    }

    toData(px, py) {
      const [a, b, c, d] = this.extent;
      return [a + ((px - MARGIN.left) / this.side) * (b - a), d - ((py - MARGIN.top) / this.side) * (d - c)];
    }

    inside(px, py) {
      return px >= MARGIN.left && px <= MARGIN.left + this.side && py >= MARGIN.top && py <= MARGIN.top + this.side;
    }

    // -- drawing -----------------------------------------------------------------------------
    /** Paint the output surface of one frame: `outputs` unit-major over the grid. */
    paint(outputs, grid, scene, view, colors) {
      if (!this.image || this.image.width !== grid.columns) {
        this.heat.width = grid.columns;
        this.heat.height = grid.rows;
        this.image = this.heat.getContext("2d").createImageData(grid.columns, grid.rows);
      }
      const n = grid.columns * grid.rows;
      const k = scene.sizes[scene.sizes.length - 1];
      const range = scene.target_range || [-1, 1];
      const centre = range[0] < 0 && range[1] > 0 ? 0 : (range[0] + range[1]) / 2;
      const half = Math.max(Math.abs(range[0] - centre), Math.abs(range[1] - centre)) || 1;
      colors.paintOutput(this.image.data, outputs, n, scene.task, k, view.discrete, centre, half);
      this.heat.getContext("2d").putImageData(this.image, 0, 0);
      this.outputs = outputs;
      this.grid = grid;
    }

    /** Axes, points, the explained point's ring and the legend (not per frame). */
    drawOverlay(scene, view, colors) {
      const context = NNP.sizeCanvas(this.overlay, this.width, this.height);
      context.clearRect(0, 0, this.width, this.height);
      this._axes(context);
      const radius = Math.max(2.5, Math.min(5, this.side / 110));
      context.save();
      context.beginPath();
      // Points on the border (moons reach x = ±6) are drawn whole; farther ones (zoomed) are cut.
      context.rect(MARGIN.left - radius - 1, MARGIN.top - radius - 1, this.side + 2 * radius + 2, this.side + 2 * radius + 2);
      context.clip();
      if (view.show_test) this._points(context, this.test, scene, colors, radius, true);
      this._points(context, this.train, scene, colors, radius, false);
      const selected = view.selected_point;
      if (selected !== null && selected !== undefined && selected < this.train.y.length) {
        const [px, py] = this.toPixel(this.train.x[2 * selected], this.train.x[2 * selected + 1]);
        context.beginPath();
        context.arc(px, py, radius + 4, 0, 2 * Math.PI);
        context.lineWidth = 2.5;
        context.strokeStyle = "#111";
        context.stroke();
      }
      context.restore();
      this._legend(scene, view, colors);
    }

    _color(scene, colors, y) {
      if (scene.task === "regression") {
        const range = scene.target_range || [-1, 1];
        const centre = range[0] < 0 && range[1] > 0 ? 0 : (range[0] + range[1]) / 2;
        const half = Math.max(Math.abs(range[0] - centre), Math.abs(range[1] - centre)) || 1;
        return colors.css((y - centre) / half, false);
      }
      return colors.classColor(y);
    }

    _points(context, points, scene, colors, radius, hollow) {
      const n = points.y.length;
      for (let p = 0; p < n; p += 1) {
        const [px, py] = this.toPixel(points.x[2 * p], points.x[2 * p + 1]);
        context.beginPath();
        context.arc(px, py, radius, 0, 2 * Math.PI);
        const color = this._color(scene, colors, points.y[p]);
        if (hollow) {
          context.lineWidth = 1.6;
          context.strokeStyle = color;
          context.fillStyle = "rgba(255,255,255,0.85)";
          context.fill();
          context.stroke();
        } else {
          context.fillStyle = color;
          context.lineWidth = 1;
          context.strokeStyle = "#fff";
          context.fill();
          context.stroke();
        }
      }
    }

    _axes(context) {
      const [a, b, c, d] = this.extent;
      context.strokeStyle = "#999";
      context.lineWidth = 1;
      context.strokeRect(MARGIN.left - 0.5, MARGIN.top - 0.5, this.side + 1, this.side + 1);
      context.fillStyle = "#333";
      context.font = `${this.live.fontSize}px ${this.live.font}`;
      context.textAlign = "center";
      context.textBaseline = "top";
      for (const t of NNP.ticks(a, b, 6)) {
        const [px] = this.toPixel(t, 0);
        context.fillRect(px, MARGIN.top + this.side, 1, 4);
        context.fillText(NNP.fmt(t, 3), px, MARGIN.top + this.side + 5);
      }
      context.textAlign = "right";
      context.textBaseline = "middle";
      for (const t of NNP.ticks(c, d, 6)) {
        const [, py] = this.toPixel(0, t);
        context.fillRect(MARGIN.left - 4, py, 4, 1);
        context.fillText(NNP.fmt(t, 3), MARGIN.left - 6, py);
      }
      context.textAlign = "left";
      context.textBaseline = "bottom";
      context.fillText("x₁ →", MARGIN.left + this.side - 30, this.height);
      context.save();
      context.translate(9, MARGIN.top + 30);
      context.rotate(-Math.PI / 2);
      context.textAlign = "right";
      context.fillText("x₂ →", 0, 0);
      context.restore();
    }

    _legend(scene, view, colors) {
      const items = [];
      const swatch = (className, color, text) => {
        const item = NNP.el("span", "nnp-legend-item");
        const mark = NNP.el("span", className, item);
        if (color) mark.style.setProperty("--c", color);
        NNP.el("span", "", item, text);
        items.push(item);
      };
      if (scene.task === "regression") {
        const range = scene.target_range || [-1, 1];
        const bar = NNP.el("span", "nnp-legend-item nnp-colorbar");
        NNP.el("span", "", bar, `${this.targetName} ${NNP.fmt(this.units(range[0]), 3)}`);
        const gradient = NNP.el("span", "nnp-colorbar-strip", bar);
        const centre = range[0] < 0 && range[1] > 0 ? 0 : (range[0] + range[1]) / 2;
        const half = Math.max(Math.abs(range[0] - centre), Math.abs(range[1] - centre)) || 1;
        gradient.style.background = `linear-gradient(90deg, ${colors.css((range[0] - centre) / half)}, #fff, ${colors.css((range[1] - centre) / half)})`;
        NNP.el("span", "", bar, NNP.fmt(this.units(range[1]), 3));
        items.push(bar);
      } else {
        scene.class_names.forEach((name, c) => swatch("nnp-dot", colors.classColor(c), name));
      }
      if (view.show_test) swatch("nnp-dot nnp-hollow", "#555", "test data");
      if (view.selected_point !== null && view.selected_point !== undefined) {
        swatch("nnp-ring", null, `point #${view.selected_point}, explained below`);
      }
      if (this.zoomed) {
        const reset = NNP.el("button", "nnp-link-button", null, "reset zoom");
        reset.addEventListener("click", () => this.resetZoom());
        items.push(reset);
      }
      this.legend.replaceChildren(...items);
    }

    /** The picture as one PNG: the output surface under the axes and points. */
    download() {
      const ratio = window.devicePixelRatio || 1;
      const canvas = document.createElement("canvas");
      canvas.width = this.overlay.width;
      canvas.height = this.overlay.height;
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingEnabled = true;
      context.drawImage(this.heat, MARGIN.left * ratio, MARGIN.top * ratio, this.side * ratio, this.side * ratio);
      context.drawImage(this.overlay, 0, 0);
      const link = document.createElement("a");
      link.download = "playground-output.png";
      link.href = canvas.toDataURL("image/png");
      link.click();
    }
  };
})();
