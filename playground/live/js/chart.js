// Line charts on one canvas each: the loss (and accuracy) over epochs, and per-layer gradient
// norms. A point is appended per frame; long runs are thinned by dropping every other point.

(() => {
  const NNP = window.NNPlayground;
  const MAX_POINTS = 3000;
  const MARGIN = { left: 52, right: 44, top: 10, bottom: 26 };

  /** Series that grow by one value per frame, thinned to at most MAX_POINTS. */
  NNP.Series = class {
    constructor(names) {
      this.names = names;
      this.clear();
    }

    clear() {
      this.x = [];
      this.values = Object.fromEntries(this.names.map((name) => [name, []]));
    }

    load(x, columns) {
      this.clear();
      x.forEach((value, index) => this.push(value, Object.fromEntries(this.names.map((name) => [name, columns[name] ? columns[name][index] : null]))));
    }

    push(x, row) {
      this.x.push(x);
      for (const name of this.names) this.values[name].push(row[name] ?? null);
      if (this.x.length > MAX_POINTS) {
        const keep = (array) => array.filter((_, index) => index % 2 === 0 || index === array.length - 1);
        this.x = keep(this.x);
        for (const name of this.names) this.values[name] = keep(this.values[name]);
      }
    }

    get length() {
      return this.x.length;
    }
  };

  /**
   * One chart: `lines` are {name, label, color, dash, axis: "left"|"right", width};
   * the left axis can be log scale; the right axis is a 0-100 % share.
   */
  NNP.Chart = class {
    constructor(host, live, { view, lines, xLabel, leftLabel, rightLabel }) {
      this.live = live;
      this.root = NNP.el("div", "nnp-chart", host);
      if (view) this.root.dataset.view = view;
      this.legend = NNP.el("div", "nnp-legend", this.root);
      this.canvas = NNP.el("canvas", "nnp-chart-canvas", this.root);
      this.lines = lines;
      this.xLabel = xLabel;
      this.leftLabel = leftLabel;
      this.rightLabel = rightLabel;
      this.series = new NNP.Series(lines.map((line) => line.name));
      this.markers = [];
      this.log = false;
      this.canvas.addEventListener("mousemove", (event) => this._hover(event));
      this.canvas.addEventListener("mouseleave", () => this.live.tooltip.hide());
    }

    setLines(lines) {
      this.lines = lines;
      const old = this.series;
      this.series = new NNP.Series(lines.map((line) => line.name));
      this.series.load(old.x, old.values);
    }

    resize(width, height) {
      this.width = width;
      this.height = height;
    }

    _finite(values) {
      return values.filter((v) => v !== null && Number.isFinite(v) && (!this.log || v > 0));
    }

    _leftRange() {
      let all = [];
      for (const line of this.lines) if (line.axis !== "right") all = all.concat(this._finite(this.series.values[line.name]));
      if (!all.length) return this.log ? [0.01, 1] : [0, 1];
      let low = Math.min(...all);
      let high = Math.max(...all);
      if (this.log) {
        low = 10 ** Math.floor(Math.log10(low));
        high = 10 ** Math.ceil(Math.log10(high));
        if (high <= low) high = low * 10;
        return [low, high];
      }
      low = Math.min(0, low);
      if (high <= low) high = low + 1;
      return [low, high * 1.05];
    }

    draw() {
      const { width, height } = this;
      if (!width || !height) return;
      const context = NNP.sizeCanvas(this.canvas, width, height);
      context.clearRect(0, 0, width, height);
      const plotWidth = width - MARGIN.left - MARGIN.right;
      const plotHeight = height - MARGIN.top - MARGIN.bottom;
      const x = this.series.x;
      // At least one epoch across: a fresh run's single point at 0 gets a readable axis.
      const xHigh = x.length ? Math.max(x[x.length - 1], 1) : 1;
      const xLow = x.length ? Math.min(x[0], 0) : 0;
      const [low, high] = this._leftRange();
      const ly = (v) => (this.log ? Math.log10(v) : v);
      const toX = (v) => MARGIN.left + ((v - xLow) / (xHigh - xLow || 1)) * plotWidth;
      const toY = (v) => MARGIN.top + plotHeight - ((ly(v) - ly(low)) / (ly(high) - ly(low))) * plotHeight;
      const toRight = (v) => MARGIN.top + plotHeight - v * plotHeight;
      this.geometry = { toX, xLow, xHigh, plotWidth };
      context.font = `${this.live.fontSize}px ${this.live.font}`;
      context.fillStyle = "#333";
      context.strokeStyle = "#e3e3e3";
      context.lineWidth = 1;
      const leftTicks = this.log
        ? Array.from({ length: Math.round(Math.log10(high / low)) + 1 }, (_, k) => low * 10 ** k)
        : NNP.ticks(low, high, 4);
      context.textAlign = "right";
      context.textBaseline = "middle";
      for (const t of leftTicks) {
        const y = toY(t);
        if (y < MARGIN.top - 1 || y > MARGIN.top + plotHeight + 1) continue;
        context.beginPath();
        context.moveTo(MARGIN.left, Math.round(y) + 0.5);
        context.lineTo(MARGIN.left + plotWidth, Math.round(y) + 0.5);
        context.stroke();
        context.fillText(NNP.fmt(t, 2), MARGIN.left - 5, y);
      }
      if (this.lines.some((line) => line.axis === "right")) {
        context.textAlign = "left";
        for (const t of [0, 0.5, 1]) context.fillText(`${t * 100} %`, MARGIN.left + plotWidth + 5, toRight(t));
      }
      context.textAlign = "center";
      context.textBaseline = "top";
      for (const t of NNP.ticks(xLow, xHigh, 5)) {
        context.fillText(NNP.fmt(t, 3), toX(t), MARGIN.top + plotHeight + 5);
      }
      context.strokeStyle = "#999";
      context.strokeRect(MARGIN.left - 0.5, MARGIN.top - 0.5, plotWidth + 1, plotHeight + 1);
      for (const marker of this.markers) {
        const mx = toX(marker.x);
        context.strokeStyle = "#111";
        context.setLineDash([2, 3]);
        context.beginPath();
        context.moveTo(mx, MARGIN.top);
        context.lineTo(mx, MARGIN.top + plotHeight);
        context.stroke();
        context.setLineDash([]);
      }
      context.save();
      context.beginPath();
      context.rect(MARGIN.left, MARGIN.top, plotWidth, plotHeight);
      context.clip();
      for (const line of this.lines) {
        const values = this.series.values[line.name];
        context.strokeStyle = line.color;
        context.lineWidth = line.width || 2;
        context.setLineDash(line.dash || []);
        context.beginPath();
        let pen = false;
        for (let k = 0; k < x.length; k += 1) {
          const v = values[k];
          const ok = v !== null && Number.isFinite(v) && (!this.log || v > 0 || line.axis === "right");
          if (!ok) {
            pen = false;
            continue;
          }
          const px = toX(x[k]);
          const py = line.axis === "right" ? toRight(v) : toY(Math.min(Math.max(v, low), high * 10));
          if (pen) context.lineTo(px, py);
          else context.moveTo(px, py);
          pen = true;
        }
        context.stroke();
      }
      context.restore();
      context.setLineDash([]);
    }

    drawLegend() {
      const items = this.lines.map((line) => {
        const item = NNP.el("span", "nnp-legend-item");
        const mark = NNP.el("span", "nnp-line-mark", item);
        mark.style.borderTop = `${line.width || 2}px ${line.dash ? "dashed" : "solid"} ${line.color}`;
        NNP.el("span", "", item, line.label);
        return item;
      });
      items.push(NNP.el("span", "nnp-legend-axis", null, `across: ${this.xLabel}`));
      this.legend.replaceChildren(...items);
    }

    _hover(event) {
      const x = this.series.x;
      if (!x.length || !this.geometry) return;
      const box = this.canvas.getBoundingClientRect();
      const { xLow, xHigh, plotWidth } = this.geometry;
      const at = xLow + ((event.clientX - box.left - MARGIN.left) / plotWidth) * (xHigh - xLow);
      let best = 0;
      for (let k = 1; k < x.length; k += 1) if (Math.abs(x[k] - at) < Math.abs(x[best] - at)) best = k;
      const lines = [`${this.xLabel} ${NNP.fmt(x[best], 4)}`];
      for (const line of this.lines) {
        const v = this.series.values[line.name][best];
        if (v === null || v === undefined) continue;
        lines.push(`${line.label}: ${line.axis === "right" ? NNP.pct(v) : NNP.fmt(v)}`);
      }
      for (const marker of this.markers) {
        if (Math.abs(marker.x - x[best]) <= (xHigh - xLow) / 100) lines.push(marker.text);
      }
      this.live.tooltip.show(event.clientX, event.clientY, lines);
    }
  };
})();
