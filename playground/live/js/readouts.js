// The read-outs above an output view: epoch and step, the train and test loss, the accuracy.
// Plain text, so tests and screen readers read the numbers as shown.

(() => {
  const NNP = window.NNPlayground;

  NNP.Readouts = class {
    constructor(host) {
      this.root = NNP.el("div", "nnp-readouts", host);
      this.root.dataset.view = "readouts";
      this.cells = null;
    }

    /** Show one run's numbers (`side`: a frame, or a comparison's second run in it). */
    show(side, task) {
      const diverged = side.status === "diverged";
      const loss = (value) => (value === null ? "–" : diverged ? "diverged" : NNP.fmt(value));
      const cells = [
        ["Epoch", NNP.count(Math.floor(side.epoch + 1e-9)), `step ${NNP.count(side.step)}`],
        ["Train loss", loss(side.loss[0]), ""],
        ["Test loss", loss(side.loss[1]), ""],
      ];
      if (task !== "regression") {
        const note = side.acc[1] === null ? "train" : `train ${NNP.pct(side.acc[0])}`;
        cells.push(["Accuracy", NNP.pct(side.acc[1] ?? side.acc[0]), note]);
      }
      if (!this.cells || this.cells.length !== cells.length) {
        this.root.replaceChildren();
        this.cells = cells.map(() => {
          const cell = NNP.el("div", "nnp-readout", this.root);
          return ["label", "value", "note"].map((part) => NNP.el("div", `nnp-readout-${part}`, cell));
        });
      }
      cells.forEach((texts, k) => texts.forEach((text, t) => (this.cells[k][t].textContent = text)));
    }
  };
})();
