// The draw tools over the output view: start a drawing (from the points shown or an empty plane),
// then choose the class or target of new points, train or test, erase, clear and the split.

(() => {
  const NNP = window.NNPlayground;

  NNP.DrawTools = class {
    constructor(host, boundary) {
      this.boundary = boundary;
      this.root = NNP.el("div", "nnp-draw-tools", host);
      this.state = { on: false, label: 1, target: 0.5, test: false, erase: false, choosing: false };
    }

    /** The tools for a scene: a Draw button, the start choice, or the drawing's tools. */
    build(scene) {
      if (scene.drawing && !this.wasDrawn) this.state.on = true; // drawing began: draw at once
      this.wasDrawn = Boolean(scene.drawing);
      this.scene = scene;
      this._build();
    }

    _build() {
      const scene = this.scene;
      const tools = this.root;
      const boundary = this.boundary;
      tools.replaceChildren();
      const button = (text, title, onClick, pressed) => {
        const node = NNP.el("button", "nnp-button nnp-tool", tools, text);
        node.title = title;
        if (pressed !== undefined) node.setAttribute("aria-pressed", String(pressed));
        node.addEventListener("click", onClick);
        return node;
      };
      const redraw = () => this._build();
      if (!scene.drawing) {
        if (!this.state.choosing) {
          button("✎ Draw your own data", "Add and erase points by clicking on the plot", () => {
            this.state.choosing = true;
            redraw();
          });
          return;
        }
        NNP.el("span", "nnp-caption", tools, "Start from:");
        const start = (payload) => {
          this.state.choosing = false;
          boundary.live.action({ type: "draw_start", ...payload });
        };
        if (scene.task !== "multiclass") {
          button("these points", "Keep the points shown now and draw more", () => start({ from: "current" }));
        }
        button("an empty plane: two classes", "Click to place class 0 and class 1 points", () => start({ from: "empty", task: "binary" }));
        button("an empty plane: a number", "Each point carries a target value (regression)", () => start({ from: "empty", task: "regression" }));
        button("cancel", "Keep the data as it is", () => {
          this.state.choosing = false;
          redraw();
        });
        return;
      }
      const draw = this.state;
      button(draw.on ? "✎ Drawing: on" : "✎ Drawing: off", "On: a click adds a point; off: a click explains a point", () => {
        draw.on = !draw.on;
        redraw();
      }, draw.on);
      if (scene.task === "binary") {
        for (const label of [0, 1]) {
          const node = button(`● class ${scene.class_names[label]}`, "New points get this class", () => {
            draw.label = label;
            draw.erase = false;
            redraw();
          }, draw.on && !draw.erase && draw.label === label);
          node.style.color = boundary.live.colors.classColor(label);
        }
      } else {
        const label = NNP.el("label", "nnp-caption", tools, "target ");
        const slider = NNP.el("input", "nnp-target", label);
        Object.assign(slider, { type: "range", min: "-1", max: "1", step: "0.02", value: String(draw.target) });
        const shown = NNP.el("span", "", label, ` ${NNP.fmt(boundary.units(draw.target), 3)}`);
        slider.addEventListener("input", () => {
          draw.target = Number(slider.value);
          shown.textContent = ` ${NNP.fmt(boundary.units(draw.target), 3)}`;
        });
      }
      button(draw.test ? "as test data" : "as training data", "Whether new points are training or test data", () => {
        draw.test = !draw.test;
        redraw();
      });
      button("Erase", "A click removes the nearest point (or shift-click while adding)", () => {
        draw.erase = !draw.erase;
        redraw();
      }, draw.on && draw.erase);
      button("Clear", "Remove every point", () => boundary.live.action({ type: "draw_clear" }));
      const split = NNP.el("select", "nnp-select", tools);
      split.title = "How the points divide into training and test data";
      for (const [value, text] of [["marked", "split: as marked"], ["percent", "split: by training %"]]) {
        const option = NNP.el("option", "", split, text);
        option.value = value;
        option.selected = scene.drawing.split === value;
      }
      split.addEventListener("change", () => boundary.live.action({ type: "draw_split", split: split.value }));
      NNP.el("span", "nnp-caption", tools, `${scene.drawing.points} / ${scene.drawing.max} points`);
    }

    /** A click on the plot while drawing: add a point, or erase the nearest one. */
    clickAt(x1, x2, erase) {
      const boundary = this.boundary;
      const draw = this.state;
      if (erase || draw.erase) {
        boundary.live.action({ type: "draw_remove", x1, x2 });
        return;
      }
      const label = this.scene.task === "binary" ? draw.label : draw.target;
      boundary.live.action({ type: "draw_add", x1, x2, label, test: draw.test });
    }
  };
})();
