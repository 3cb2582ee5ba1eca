// The output view's mouse: hover read-outs, drag to pan, wheel zoom, double-click to reset, and a
// click on a point to explain it (or, while drawing, to add or erase one). The output view
// (boundary.js) extends this class.

(() => {
  const NNP = window.NNPlayground;
  const HIT_RADIUS = 7; // px: a click or hover this close to a point is on the point

  NNP.BoundaryInteraction = class {
    nearestPoint(px, py) {
      let best = -1;
      let bestDistance = HIT_RADIUS * HIT_RADIUS;
      const n = this.train.y.length;
      for (let p = 0; p < n; p += 1) {
        const [qx, qy] = this.toPixel(this.train.x[2 * p], this.train.x[2 * p + 1]);
        const distance = (qx - px) ** 2 + (qy - py) ** 2;
        if (distance <= bestDistance) {
          best = p;
          bestDistance = distance;
        }
      }
      return best;
    }

    _prediction(x1, x2) {
      if (!this.outputs || !this.grid) return [];
      const { columns, rows } = this.grid;
      const [a, b, c, d] = this.extent;
      const col = Math.min(columns - 1, Math.max(0, Math.floor(((x1 - a) / (b - a)) * columns)));
      const row = Math.min(rows - 1, Math.max(0, Math.floor(((d - x2) / (d - c)) * rows)));
      const p = row * columns + col;
      const n = columns * rows;
      const scene = this.scene;
      if (scene.task === "binary") return [`P(${scene.class_names[1]}) = ${NNP.pct(this.outputs[p])}`];
      if (scene.task === "regression") return [`predicted ${this.targetName} = ${NNP.fmt(this.units(this.outputs[p]))}`];
      return scene.class_names.map((name, k) => `P(${name}) = ${NNP.pct(this.outputs[k * n + p])}`);
    }

    _describe(p) {
      const scene = this.scene;
      const y = this.train.y[p];
      const label = scene.task === "regression" ? `${this.targetName} = ${NNP.fmt(this.units(y))}` : `class ${scene.class_names[y]}`;
      return `training point #${p}: x₁ = ${NNP.fmt(this.train.x[2 * p], 3)}, x₂ = ${NNP.fmt(this.train.x[2 * p + 1], 3)}, ${label}`;
    }

    _listen() {
      const overlay = this.overlay;
      const local = (event) => {
        const box = overlay.getBoundingClientRect();
        return [event.clientX - box.left, event.clientY - box.top];
      };
      let drag = null;
      overlay.addEventListener("mousemove", (event) => {
        const [px, py] = local(event);
        if (drag) {
          const [x0, y0] = this.toData(drag.px, drag.py);
          const [x1, y1] = this.toData(px, py);
          if (Math.abs(px - drag.px) + Math.abs(py - drag.py) > 3) drag.moved = true;
          if (drag.moved) {
            const [a, b, c, d] = drag.extent;
            this.extent = [a - (x1 - x0), b - (x1 - x0), c - (y1 - y0), d - (y1 - y0)];
            drag.extent = this.extent.slice();
            drag.px = px;
            drag.py = py;
            this.live.viewChanged(this);
          }
          return;
        }
        if (!this.inside(px, py)) {
          this.live.tooltip.hide();
          return;
        }
        const [x1, x2] = this.toData(px, py);
        const lines = [`x₁ = ${NNP.fmt(x1, 3)}, x₂ = ${NNP.fmt(x2, 3)}`, ...this._prediction(x1, x2)];
        const point = this.nearestPoint(px, py);
        const drawing = this.scene.drawing && this.tools.state.on;
        if (point >= 0) lines.push(this._describe(point));
        if (drawing) lines.push(this.tools.state.erase || event.shiftKey ? "click: erase the nearest point" : "click: add a point here (shift-click: erase)");
        else if (point >= 0) lines.push("click: explain it step by step");
        this.live.tooltip.show(event.clientX, event.clientY, lines);
        overlay.style.cursor = drawing || point >= 0 ? "pointer" : "crosshair";
      });
      overlay.addEventListener("mouseleave", () => {
        this.live.tooltip.hide();
        drag = null;
      });
      overlay.addEventListener("mousedown", (event) => {
        const [px, py] = local(event);
        if (this.inside(px, py)) drag = { px, py, extent: this.extent.slice(), moved: false };
      });
      overlay.addEventListener("mouseup", (event) => {
        const wasDrag = drag && drag.moved;
        drag = null;
        if (wasDrag) return;
        const [px, py] = local(event);
        if (!this.inside(px, py)) return;
        if (this.scene.drawing && this.tools.state.on) {
          const [x1, x2] = this.toData(px, py);
          this.tools.clickAt(x1, x2, event.shiftKey);
          return;
        }
        const point = this.nearestPoint(px, py);
        if (point >= 0) this.live.selectPoint(point);
      });
      overlay.addEventListener(
        "wheel",
        (event) => {
          const [px, py] = local(event);
          if (!this.inside(px, py)) return;
          event.preventDefault();
          const factor = Math.exp(event.deltaY * 0.0015);
          const [x1, x2] = this.toData(px, py);
          const [a, b, c, d] = this.extent;
          const width = (b - a) * factor;
          if (width < 0.05 || width > 200) return;
          const fx = (x1 - a) / (b - a);
          const fy = (x2 - c) / (d - c);
          this.extent = [x1 - fx * width, x1 + (1 - fx) * width, x2 - fy * width, x2 + (1 - fy) * width];
          this.live.viewChanged(this);
        },
        { passive: false },
      );
      overlay.addEventListener("dblclick", () => this.resetZoom());
    }

    resetZoom() {
      this.extent = this.home.slice();
      this.live.viewChanged(this);
    }
  };
})();
