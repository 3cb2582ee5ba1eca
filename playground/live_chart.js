// Live Plotly chart for a Streamlit v2 component.
//
// Streamlit calls the default export again with the same parentElement whenever `data`
// changes (the element has a constant key, so it is never remounted). We keep one plotly
// div per parentElement and play the received frames into it with Plotly.react, so the
// chart is updated in place: no remount, no flicker, zoom kept through layout.uirevision.

const STATE_KEY = "__liveChartState";
const PLOTLY_PROMISE_KEY = "__liveChartPlotly";
const PLOTLY_CONFIG = {
  displaylogo: false,
  modeBarButtonsToRemove: ["select2d", "lasso2d"],
};

function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  // Kept on window, not in this module, so every module instance shares one <script>.
  if (!window[PLOTLY_PROMISE_KEY]) {
    window[PLOTLY_PROMISE_KEY] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () =>
        window.Plotly ? resolve(window.Plotly) : reject(new Error(`${url} did not define Plotly`));
      script.onerror = () => {
        // Forget the failure so a later frame can retry.
        window[PLOTLY_PROMISE_KEY] = null;
        script.remove();
        reject(new Error(`could not load ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return window[PLOTLY_PROMISE_KEY];
}

function createState(parentElement) {
  const root = document.createElement("div");
  root.className = "live-chart";
  parentElement.appendChild(root);
  return {
    parentElement,
    root,
    queue: [],
    layout: null,
    intervalMs: 100,
    timer: null,
    drawing: false,
    lastDrawStart: -Infinity,
    framesShown: 0,
    listening: false,
    destroyed: false,
    seq: 0,
    setTriggerValue: null,
    resizeObserver: null,
  };
}

function enqueue(state, frames, flush) {
  if (flush) state.queue = [];
  state.queue.push(...frames);
  // Bounded lag: keep at most two batches waiting. Dropped frames hand their layout on,
  // because Python omits a layout that equals the previous frame's.
  const cap = Math.max(2 * frames.length, 2);
  if (state.queue.length > cap) {
    const dropped = state.queue.splice(0, state.queue.length - cap);
    const lastLayout = dropped.reverse().find((frame) => frame.layout);
    if (lastLayout && !state.queue[0].layout) state.queue[0].layout = lastLayout.layout;
  }
}

function schedule(state) {
  if (state.destroyed || state.timer !== null || state.drawing || !state.queue.length) return;
  // Keep the cadence: the next frame starts one interval after the previous one started.
  const wait = Math.max(0, state.intervalMs - (performance.now() - state.lastDrawStart));
  state.timer = setTimeout(drawNext, wait, state);
}

function drawNext(state) {
  state.timer = null;
  if (state.destroyed) return;
  if (!state.parentElement.isConnected) {
    destroy(state);
    return;
  }
  const frame = state.queue.shift();
  if (!frame) return;
  if (frame.layout) state.layout = frame.layout;
  state.drawing = true;
  state.lastDrawStart = performance.now();
  // Plotly writes the user's zoom into the layout it is given. Reusing that object would
  // make the zoom look like the app's own value and uirevision would drop it on the next
  // batch, so every frame gets a fresh copy of the layout as sent.
  const layout = structuredClone(state.layout);
  // Through a promise so that a synchronous throw cannot leave `drawing` set for ever.
  Promise.resolve()
    .then(() => window.Plotly.react(state.root, frame.data, layout, PLOTLY_CONFIG))
    .then(
      () => {
        state.framesShown += 1;
        state.root.dataset.framesShown = String(state.framesShown);
        if (!state.listening) listen(state);
      },
      (error) => console.error("live_chart: Plotly.react failed", error),
    )
    .finally(() => {
      state.drawing = false;
      schedule(state);
    });
}

function clickedPoint(gd, event) {
  // Cursor position in data coordinates, so a click anywhere on a heatmap cell is exact.
  const area = gd.querySelector(".nsewdrag");
  const xaxis = gd._fullLayout.xaxis;
  const yaxis = gd._fullLayout.yaxis;
  const picked = event.points.find((point) =>
    String((point.fullData || point.data).type || "scatter").startsWith("scatter"),
  );
  const fallback = picked || event.points[0] || {};
  let x = fallback.x;
  let y = fallback.y;
  if (area && event.event && xaxis && yaxis) {
    const box = area.getBoundingClientRect();
    x = xaxis.p2d(event.event.clientX - box.left);
    y = yaxis.p2d(event.event.clientY - box.top);
  }
  return {
    x,
    y,
    curve_number: picked ? picked.curveNumber : null,
    point_index: picked ? picked.pointIndex : null,
  };
}

function listen(state) {
  state.listening = true;
  const gd = state.root;
  gd.on("plotly_click", (event) => {
    if (state.setTriggerValue) state.setTriggerValue("click", clickedPoint(gd, event));
  });
  // The sidebar and column layout change the width without a window resize event.
  state.resizeObserver = new ResizeObserver(() => {
    // Rejects for a div that is not displayed (a collapsed tab); the next resize catches up.
    if (!state.destroyed && gd.isConnected) window.Plotly.Plots.resize(gd).catch(() => {});
  });
  state.resizeObserver.observe(gd);
}

function showLoadError(state, error) {
  state.root.textContent = `Chart unavailable: ${error.message}`;
}

function destroy(state) {
  if (state.destroyed) return;
  state.destroyed = true;
  clearTimeout(state.timer);
  state.timer = null;
  state.queue = [];
  if (state.resizeObserver) state.resizeObserver.disconnect();
  if (window.Plotly) window.Plotly.purge(state.root);
  state.root.remove();
  if (state.parentElement[STATE_KEY] === state) delete state.parentElement[STATE_KEY];
}

export default function liveChart({ data, parentElement, setTriggerValue }) {
  let state = parentElement[STATE_KEY];
  if (!state || state.destroyed) {
    state = createState(parentElement);
    parentElement[STATE_KEY] = state;
  }
  state.seq += 1;
  const seq = state.seq;
  state.setTriggerValue = setTriggerValue;
  state.intervalMs = data.interval_ms;
  state.root.style.height = `${data.height}px`;
  enqueue(state, data.frames, data.flush);

  loadPlotly(data.plotly_url).then(
    () => {
      // Only the newest call starts playback; older calls finished loading late.
      if (seq === state.seq) schedule(state);
    },
    (error) => {
      if (seq === state.seq) showLoadError(state, error);
    },
  );

  // Streamlit calls this on unmount, and at once for a call superseded while loading:
  // the chart goes only when the element has really left the page.
  return () => {
    setTimeout(() => {
      if (!parentElement.isConnected) destroy(state);
    }, 0);
  };
}
