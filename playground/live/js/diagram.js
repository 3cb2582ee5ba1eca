// The network view: every input feature and neuron as its own map over the input plane, edges
// coloured by sign and sized by |w| (or by ∂L/∂w), biases as small squares. Hover reads a value;
// a click on a neuron enlarges its map; a click on an edge or a bias opens the weight editor.

(() => {
  const NNP = window.NNPlayground;
  const MAP = 40; // pixels of each neuron map image (sampled from the output grid)

  // Two short lines, so narrow columns (a phone, a deep network) never overlap.
  const columnTitle = (scene, c) => {
    const last = scene.sizes.length - 1;
    if (c === 0) return "Input\nfeatures";
    if (c === last) return `Output\n${scene.output}`;
    return `Layer ${c}\n${scene.activations[c - 1]}`;
  };

  /** The course's name of unit u in column c: an input label, a^l_j or ŷ. */
  NNP.unitName = (scene, c, u) => {
    const last = scene.sizes.length - 1;
    if (c === 0) return scene.feature_labels[u];
    if (c === last) return scene.sizes[last] === 1 ? "ŷ" : `ŷ${NNP.sub(u + 1)}`;
    return `a${NNP.sup(c)}${NNP.sub(u + 1)}`;
  };

  NNP.Diagram = class {
    constructor(host, live) {
      this.live = live;
      this.root = NNP.el("div", "nnp-diagram", host);
      this.root.dataset.view = "network";
      this.nodes = []; // built with the first scene
    }

    /** Build nodes, edges and labels for a scene at a width; node size from the mode. */
    build(scene, width, nodeSize) {
      this.scene = scene;
      const sizes = scene.sizes;
      const columns = sizes.length;
      const pitch = nodeSize + Math.round(nodeSize * 0.35);
      const top = 40;
      const left = 64;
      const right = 18;
      const span = Math.max(1, columns - 1);
      const gap = Math.max(nodeSize * 1.6, (width - left - right - nodeSize) / span);
      const tallest = Math.max(...sizes);
      const height = top + tallest * pitch + 6;
      this.nodeSize = nodeSize;
      this.root.replaceChildren();
      this.root.style.height = `${height}px`;
      this.root.style.width = `${Math.min(width, left + right + nodeSize + span * gap)}px`;
      const svg = NNP.svg("svg", { class: "nnp-edges", width: "100%", height }, this.root);
      this.positions = sizes.map((units, c) => {
        const x = left + c * gap;
        const offset = top + ((tallest - units) * pitch) / 2;
        return Array.from({ length: units }, (_, u) => [x, offset + u * pitch]);
      });
      sizes.forEach((units, c) => {
        const title = NNP.el("div", "nnp-column-title", this.root, columnTitle(scene, c));
        const x = this.positions[c][0][0];
        // The last column's title ends at its nodes' right edge, so it is never cut off.
        if (c === columns - 1 && c > 0) {
          title.style.left = `${x + nodeSize}px`;
          title.style.transform = "translateX(-100%)";
        } else {
          title.style.left = `${x + nodeSize / 2}px`;
        }
      });
      this.edges = [];
      for (let l = 0; l + 1 < columns; l += 1) {
        for (let i = 0; i < sizes[l]; i += 1) {
          for (let j = 0; j < sizes[l + 1]; j += 1) {
            const [x0, y0] = this.positions[l][i];
            const [x1, y1] = this.positions[l + 1][j];
            const ya = y0 + nodeSize / 2;
            const yb = y1 + nodeSize / 2;
            const xa = x0 + nodeSize;
            const mid = (xa + x1) / 2;
            const d = `M${xa},${ya} C${mid},${ya} ${mid},${yb} ${x1},${yb}`;
            const path = NNP.svg("path", { d, class: "nnp-edge" }, svg);
            const hit = NNP.svg("path", { d, class: "nnp-edge-hit" }, svg);
            const edge = { l, i, j, path };
            hit.addEventListener("mousemove", (event) => this._hoverEdge(event, edge));
            hit.addEventListener("mouseleave", () => this.live.tooltip.hide());
            hit.addEventListener("click", (event) => this.live.editParameter(event, "weight", l, i, j));
            this.edges.push(edge);
          }
        }
      }
      this.nodes = [];
      this.biases = [];
      sizes.forEach((units, c) => {
        for (let u = 0; u < units; u += 1) {
          const [x, y] = this.positions[c][u];
          const canvas = NNP.el("canvas", "nnp-node", this.root);
          canvas.width = MAP;
          canvas.height = MAP;
          Object.assign(canvas.style, { left: `${x}px`, top: `${y}px`, width: `${nodeSize}px`, height: `${nodeSize}px` });
          canvas.dataset.column = c;
          canvas.dataset.unit = u;
          canvas.addEventListener("click", () => this.live.toggleNeuron(c, u));
          canvas.addEventListener("mousemove", (event) => this._hoverNode(event, c, u));
          canvas.addEventListener("mouseleave", () => this.live.tooltip.hide());
          this.nodes.push({ c, u, canvas, image: canvas.getContext("2d").createImageData(MAP, MAP) });
          if (c === 0) {
            const label = NNP.el("div", "nnp-input-label", this.root, scene.feature_labels[u]);
            label.style.top = `${y + nodeSize / 2}px`;
            label.style.left = `${x - 6}px`;
          } else {
            const bias = NNP.el("div", "nnp-bias", this.root);
            const size = Math.max(7, Math.round(nodeSize / 4.5));
            Object.assign(bias.style, { left: `${x - size + 1}px`, top: `${y + nodeSize - size}px`, width: `${size}px`, height: `${size}px` });
            bias.addEventListener("mousemove", (event) => this._hoverBias(event, c, u));
            bias.addEventListener("mouseleave", () => this.live.tooltip.hide());
            bias.addEventListener("click", (event) => this.live.editParameter(event, "bias", c - 1, null, u));
            this.biases.push({ c, u, bias });
          }
        }
      });
      this.height = height;
    }

    /** Redraw every map, edge and bias from one frame. */
    update(frame, layers, grid, view, colors) {
      const scene = this.scene;
      const model = frame.model;
      const step = Math.max(1, Math.floor(grid.columns / MAP));
      const n = grid.columns * grid.rows;
      const last = scene.sizes.length - 1;
      for (const node of this.nodes) {
        const values = layers[node.c];
        const offset = node.u * n;
        let scale = 1;
        if (node.c === last && scene.output !== "linear") {
          // probabilities: 0.5 is white, as on the output view
          this._probabilityMap(node, values, offset, grid, step, colors);
          node.canvas.getContext("2d").putImageData(node.image, 0, 0);
          continue;
        }
        for (let p = 0; p < n; p += 1) {
          const v = Math.abs(values[offset + p]);
          if (v > scale && Number.isFinite(v)) scale = v;
        }
        colors.paintUnit(node.image.data, values, offset, grid.columns, MAP, step, scale);
        node.canvas.getContext("2d").putImageData(node.image, 0, 0);
      }
      const gradients = view.edge_mode === "gradient" ? frame.gradients : null;
      let gradientScale = 0;
      if (gradients) for (const g of gradients) gradientScale = Math.max(gradientScale, Math.abs(g));
      for (const edge of this.edges) {
        const w = model.weight(edge.l, edge.i, edge.j);
        let size;
        let sign;
        if (gradients) {
          const g = gradients[model.blocks[edge.l].offset + edge.i * model.blocks[edge.l].fanOut + edge.j];
          size = gradientScale > 0 ? Math.abs(g) / gradientScale : 0;
          sign = g;
        } else {
          size = Math.min(1, Math.abs(w) / 2.5);
          sign = w;
        }
        const path = edge.path;
        path.setAttribute("stroke-width", (0.6 + 5.4 * (Number.isFinite(size) ? size : 1)).toFixed(2));
        path.setAttribute("stroke", sign >= 0 ? colors.css(1) : colors.css(-1));
        path.setAttribute("stroke-opacity", (0.3 + 0.7 * Math.min(1, size || 0)).toFixed(2));
      }
      for (const { c, u, bias } of this.biases) {
        const b = model.bias(c - 1, u);
        bias.style.background = colors.css(b / Math.max(1, Math.abs(b)));
      }
      this.frame = frame;
    }

    _probabilityMap(node, values, offset, grid, step, colors) {
      const pixels = node.image.data;
      for (let r = 0; r < MAP; r += 1) {
        for (let c = 0; c < MAP; c += 1) {
          const value = values[offset + r * step * grid.columns + c * step];
          const [red, green, blue] = colors.diverging(2 * value - 1);
          const q = 4 * (r * MAP + c);
          pixels[q] = red;
          pixels[q + 1] = green;
          pixels[q + 2] = blue;
          pixels[q + 3] = 255;
        }
      }
    }

    markSelected(selected) {
      for (const node of this.nodes) {
        const on = selected && node.c === selected[0] && node.u === selected[1];
        node.canvas.classList.toggle("nnp-node-selected", Boolean(on));
      }
    }

    _hoverNode(event, c, u) {
      const scene = this.scene;
      const lines = [NNP.unitName(scene, c, u)];
      if (c > 0 && this.frame) {
        lines[0] += ` · ${c === scene.sizes.length - 1 ? scene.output : scene.activations[c - 1]}`;
        lines.push(`b = ${NNP.fmt(this.frame.model.bias(c - 1, u))}`);
      }
      lines.push("click: enlarge its map");
      this.live.tooltip.show(event.clientX, event.clientY, lines);
    }

    _hoverEdge(event, edge) {
      if (!this.frame) return;
      const scene = this.scene;
      const { l, i, j } = edge;
      const lines = [
        `w${NNP.sup(l + 1)}${NNP.sub(i + 1)}${NNP.sub(j + 1)}: ${NNP.unitName(scene, l, i)} → ${NNP.unitName(scene, l + 1, j)}`,
        `w = ${NNP.fmt(this.frame.model.weight(l, i, j))}`,
      ];
      const g = this.frame.gradient(l, i, j);
      if (g !== null) lines.push(`∂L/∂w = ${NNP.fmt(g)}`);
      lines.push("click: set this weight");
      this.live.tooltip.show(event.clientX, event.clientY, lines);
    }

    _hoverBias(event, c, u) {
      if (!this.frame) return;
      const lines = [`b${NNP.sup(c)}${NNP.sub(u + 1)} of ${NNP.unitName(this.scene, c, u)}`, `b = ${NNP.fmt(this.frame.model.bias(c - 1, u))}`];
      const g = this.frame.gradient(c - 1, null, u);
      if (g !== null) lines.push(`∂L/∂b = ${NNP.fmt(g)}`);
      lines.push("click: set this bias");
      this.live.tooltip.show(event.clientX, event.clientY, lines);
    }
  };
})();
