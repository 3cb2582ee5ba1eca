// Colour maps of the live view, from the palette Python sends (playground/figures/palette.py):
// Okabe-Ito class colours, orange below zero and blue above, regions faded towards white.

(() => {
  const NNP = window.NNPlayground;

  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const toward = (color, strength) => color.map((c) => 255 + strength * (c - 255));

  NNP.Colors = class {
    constructor(palette) {
      this.classes = palette.classes.map(rgb);
      this.negative = rgb(palette.negative);
      this.positive = rgb(palette.positive);
      this.strength = palette.region_strength;
      this.regions = this.classes.map((c) => toward(c, this.strength));
      this.negativeRegion = toward(this.negative, this.strength);
      this.positiveRegion = toward(this.positive, this.strength);
    }

    classColor(index) {
      return `rgb(${this.classes[index % this.classes.length].join(",")})`;
    }

    /** u in [-1, 1] → RGB between the negative and positive colour (full or region strength). */
    diverging(u, region = true) {
      const t = Number.isFinite(u) ? Math.max(-1, Math.min(1, u)) : Number.isNaN(u) ? 0 : Math.sign(u);
      const end = t < 0 ? (region ? this.negativeRegion : this.negative) : region ? this.positiveRegion : this.positive;
      const a = Math.abs(t);
      return [255 + a * (end[0] - 255), 255 + a * (end[1] - 255), 255 + a * (end[2] - 255)];
    }

    css(u, region = false) {
      const [r, g, b] = this.diverging(u, region);
      return `rgb(${r | 0},${g | 0},${b | 0})`;
    }

    /**
     * Fill RGBA pixels for the output surface.
     * binary: P(class 1) → orange..white..blue; multiclass: the predicted class's colour faded by
     * uncertainty (1/k is white); regression: (value - centre) / half-range, diverging.
     */
    paintOutput(pixels, outputs, n, task, k, discrete, centre = 0, half = 1) {
      if (task === "binary") {
        for (let p = 0; p < n; p += 1) {
          const prob = outputs[p];
          const u = discrete ? (prob > 0.5 ? 1 : -1) : 2 * prob - 1;
          this._put(pixels, p, this.diverging(u));
        }
      } else if (task === "multiclass") {
        for (let p = 0; p < n; p += 1) {
          let best = 0;
          for (let c = 1; c < k; c += 1) if (outputs[c * n + p] > outputs[best * n + p]) best = c;
          const top = outputs[best * n + p];
          const confidence = discrete ? 1 : Math.max(0, Math.min(1, ((top - 1 / k) * k) / (k - 1)));
          const end = this.regions[best % this.regions.length];
          const w = Number.isFinite(confidence) ? confidence : 0;
          this._put(pixels, p, [255 + w * (end[0] - 255), 255 + w * (end[1] - 255), 255 + w * (end[2] - 255)]);
        }
      } else {
        for (let p = 0; p < n; p += 1) {
          const u = (outputs[p] - centre) / half;
          this._put(pixels, p, this.diverging(discrete ? Math.sign(u) : u));
        }
      }
    }

    /**
     * A neuron's map, every `step`-th grid point of a unit's values (grid `columns` wide), scaled
     * by `scale` (max(1, max |value|) of the unit) and diverging around 0.
     */
    paintUnit(pixels, values, offset, columns, size, step, scale) {
      for (let r = 0; r < size; r += 1) {
        const row = offset + r * step * columns;
        for (let c = 0; c < size; c += 1) {
          this._put(pixels, r * size + c, this.diverging(values[row + c * step] / scale));
        }
      }
    }

    _put(pixels, p, color) {
      const q = 4 * p;
      pixels[q] = color[0];
      pixels[q + 1] = color[1];
      pixels[q + 2] = color[2];
      pixels[q + 3] = 255;
    }
  };
})();
