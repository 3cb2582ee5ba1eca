// Shared helpers of the live view: the namespace, base64 arrays, number formats and DOM bits.
// Every file of the live view is a classic script that adds to window.NNPlayground; Python joins
// them in a fixed order and sends the result once per page (playground/live/component.py).

(() => {
  const NNP = (window.NNPlayground = window.NNPlayground || {});

  /** Put the view's stylesheet in the page once (replaced when a new version arrives). */
  NNP.installStyle = (css) => {
    let style = document.getElementById("nnp-style");
    if (!style) {
      style = document.createElement("style");
      style.id = "nnp-style";
      document.head.appendChild(style);
    }
    style.textContent = css;
  };

  /** Float32Array from a base64 string of little-endian float32 values. */
  NNP.floats = (base64) => {
    if (!base64) return new Float32Array(0);
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return new Float32Array(bytes.buffer);
  };

  const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
  NNP.sup = (n) => String(n).replace(/\d/g, (d) => SUPERSCRIPTS[+d]);
  NNP.sub = (n) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[+d]);

  /** A number as a student reads it (playground/text.py writes the same): 4 significant digits,
   *  exponent form when very large or small, never a rounded "1" for a value that is not 1. */
  NNP.fmt = (value, digits = 4) => {
    if (value === null || value === undefined) return "–";
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    const size = Math.abs(value);
    if (size === 0) return "0";
    let text;
    if (size >= 1e4 || size < 1e-3) {
      text = value.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e");
    } else {
      let shown = digits;
      text = Number(value.toPrecision(shown)).toString();
      while (Number(text) !== value && Number.isInteger(Number(text)) && shown < 8) {
        shown += 1;
        text = Number(value.toPrecision(shown)).toString();
      }
    }
    return text.replace(/^-/, "−");
  };

  /** A share (0..1) as a percentage with one decimal. */
  NNP.pct = (value) =>
    value === null || value === undefined || !Number.isFinite(value)
      ? "–"
      : `${(100 * value).toFixed(1)} %`;

  /** Whole numbers with thin thousands separators: 12 345. */
  NNP.count = (value) => Math.round(value).toLocaleString("en-US").replace(/,/g, "\u2009");

  /** Create an element with a class, optional text and parent. */
  NNP.el = (tag, className, parent, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  };

  const SVG_NS = "http://www.w3.org/2000/svg";
  NNP.svg = (tag, attributes, parent) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (parent) parent.appendChild(node);
    return node;
  };

  /** Canvas sized in CSS pixels, drawn at the device pixel ratio so lines stay sharp. */
  NNP.sizeCanvas = (canvas, width, height) => {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(height * ratio));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return context;
  };

  /** Nice tick values covering [low, high] with about `count` steps. */
  NNP.ticks = (low, high, count = 5) => {
    if (!(high > low)) return [low];
    const raw = (high - low) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
    const ticks = [];
    for (let t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) {
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  };

  /** The tooltip shared by every view: one absolutely placed box in the live root. */
  NNP.Tooltip = class {
    constructor(root) {
      this.root = root;
      this.box = NNP.el("div", "nnp-tooltip", root);
      this.box.hidden = true;
    }

    show(clientX, clientY, lines) {
      const box = this.box;
      box.replaceChildren(...lines.map((line) => NNP.el("div", "", null, line)));
      box.hidden = false;
      const area = this.root.getBoundingClientRect();
      const x = clientX - area.left + 14;
      const y = clientY - area.top + 14;
      const maxX = area.width - box.offsetWidth - 4;
      box.style.left = `${Math.max(0, Math.min(x, maxX))}px`;
      box.style.top = `${Math.max(0, y)}px`;
    }

    hide() {
      this.box.hidden = true;
    }
  };
})();
