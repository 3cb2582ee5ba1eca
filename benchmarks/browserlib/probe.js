// Page-side probe of bench_browser.py, installed before the page's own scripts run. Everything is
// timed with performance.now() in the page, so Playwright's round trips never count. It reads the
// live view's data attributes (data-frames, data-step, data-scene) and the link; it wraps nothing the
// app draws with, only the page's WebSocket (to log message times and sizes), requestAnimationFrame
// (passing every callback through, to know when a change will be painted), the history API (the
// link) and, while a diagnosis runs, the live view's receive and draw methods (to time them).

(() => {
  const B = (window.__nnpBench = {});
  const now = () => performance.now();
  const q = (selector) => document.querySelector(selector);
  const view = (name) => q(`[data-view=${name}]`);
  const data = (element, key) => (element ? element.dataset[key] : undefined);
  const frames = () => Number(data(view("boundary"), "frames") || 0);
  const step = () => Number(data(view("boundary"), "step") ?? -1);
  const live = () => q(".nnp-live");
  const scriptState = () => data(q("[data-test-script-state]"), "testScriptState");
  // The Play/Pause button (widget key "play"); its text also holds the icon's ligature name.
  const playLabel = () => {
    const button = q(".st-key-play button"); // the visible one comes first; its twin says the same
    return button ? button.innerText.trim().split(/\s+/).pop() : "";
  };
  B.playLabel = playLabel;

  // Whether the page is running its animation-frame callbacks: a change made there (the live view
  // draws its frames in them) is painted in that same frame, not the next one.
  let inFrame = false;
  const nativeFrame = window.requestAnimationFrame.bind(window);
  const endOfFrame = new MessageChannel();
  endOfFrame.port1.onmessage = () => (inFrame = false);
  window.requestAnimationFrame = (callback) =>
    nativeFrame((time) => {
      if (!inFrame) {
        inFrame = true;
        endOfFrame.port2.postMessage(0); // a task: it runs once this frame was painted
      }
      callback(time);
    });

  /** Call back once the page as it is now was painted: a message posted from an animation frame's
   *  callbacks runs after that frame's paint; from elsewhere, after the next frame's. */
  const afterPaint = (callback) => {
    const painted = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(now());
      channel.port2.postMessage(0);
    };
    if (inFrame) painted();
    else nativeFrame(painted);
  };
  B.afterPaint = afterPaint;

  // -- the websocket: when each message went out and came in, and its size ------------------------
  B.ws = { sent: [], received: [], opened: null };
  const size = (d) => (d == null ? 0 : d.byteLength ?? d.size ?? d.length ?? 0);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      B.ws.created = B.ws.created ?? now();
      this.addEventListener("open", () => (B.ws.opened = B.ws.opened ?? now()));
      this.addEventListener("message", (event) => {
        const log = B.ws.received;
        log.push([now(), size(event.data)]);
        if (log.length > 20000) log.splice(0, 10000);
      });
    }

    send(payload) {
      B.ws.sent.push([now(), size(payload)]);
      if (B.ws.sent.length > 20000) B.ws.sent.splice(0, 10000);
      return super.send(payload);
    }
  };
  B.lastReceived = () => {
    const log = B.ws.received;
    return log.length ? log[log.length - 1][0] : 0;
  };
  /** No websocket message for `ms` and no action of the live view waiting for its answer. */
  B.idle = (ms) => {
    const root = live();
    const view = root && root.parentElement.__nnpLive;
    const waiting = view && (view.playback.pending || view.playback.outbox.length);
    return !waiting && now() - B.lastReceived() > ms;
  };

  // Main-thread tasks over 50 ms (the browser's own long-task timing), for the diagnosis.
  B.longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) B.longTasks.push([entry.startTime, entry.duration]);
      if (B.longTasks.length > 5000) B.longTasks.splice(0, 2500);
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    // no long-task timing in this browser: the diagnosis goes without it
  }

  // -- the first picture and the milestones before it --------------------------------------------
  B.marks = {};
  const mark = (name, at = now()) => {
    if (!(name in B.marks)) B.marks[name] = at;
  };
  const firstPicture = new MutationObserver(() => {
    if (B.ws.opened !== null) mark("ws_open", B.ws.opened);
    if (B.ws.received.length) mark("ws_first_message", B.ws.received[0][0]);
    if (q(".st-key-live_view")) mark("live_element");
    if (window.NNPlayground && window.NNPlayground.render) mark("live_code");
    if (live()) mark("live_root");
    if (frames() >= 1) {
      mark("first_picture");
      firstPicture.disconnect();
      afterPaint((at) => mark("first_picture_painted", at));
    }
  });
  firstPicture.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-frames"] });
  // The controls follow the first picture (playground/layout.py): every one drawn, none a skeleton.
  const controls = new MutationObserver(() => {
    const drawn = q(".st-key-dataset [role=combobox]") && q(".st-key-lr input[type=range]");
    if (drawn && !q("[data-testid=stSkeleton]")) {
      mark("controls");
      controls.disconnect();
    }
  });
  controls.observe(document, { subtree: true, childList: true });

  // -- click -> repainted ------------------------------------------------------------------------
  // A condition is checked on every DOM change after the input event; `base` is the page as it was
  // when the measurement was armed.
  const CONDITIONS = {
    step: (base) => step() !== base.step,
    // A training setting: the link carries the new value (the server applied it to the runs) and
    // the script run that did so has ended (the page is drawn as it will stay).
    link: (base) => location.search !== base.link && scriptState() === "notRunning",
    scene: (base) => data(live(), "scene") !== base.scene && frames() > base.frames,
    play: (base) => playLabel() === "Pause" && frames() > base.frames,
    pause: () => playLabel() === "Play",
    epoch100: () => {
      const cell = [...document.querySelectorAll("[data-view=readouts] .nnp-readout")].find((c) => c.innerText.startsWith("Epoch"));
      const value = cell && cell.querySelector(".nnp-readout-value");
      return Boolean(value) && Number(value.textContent.replace(/\D/g, "")) >= 100;
    },
  };

  const snapshot = () => ({ step: step(), frames: frames(), scene: data(live(), "scene"), link: location.search });

  /** Time the next trusted `event` (keydown, pointerup) to the moment `until` holds and is painted. */
  B.arm = ({ event, until }) => {
    B.disarm();
    const base = snapshot();
    const state = { base, until, t_event: null, result: null };
    const onEvent = (e) => {
      if (e.isTrusted && state.t_event === null) state.t_event = e.timeStamp;
    };
    // A second input after the first (Step clicked after a slider moved) is timed too.
    const onPointerUp = (e) => {
      if (e.isTrusted) state.t_pointerup = e.timeStamp;
    };
    const check = () => {
      if (state.t_event === null || state.t_change !== undefined || !CONDITIONS[until](base)) return;
      state.t_change = now();
      state.observer.disconnect();
      afterPaint((at) => {
        state.result = { t_event: state.t_event, t_pointerup: state.t_pointerup ?? null, t_change: state.t_change, t_paint: at, base, after: snapshot() };
      });
    };
    state.observer = new MutationObserver(check);
    state.check = check; // the link changes without a DOM change: see the history hooks below
    state.observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener(event, onEvent, true);
    document.addEventListener("pointerup", onPointerUp, true);
    state.remove = () => {
      document.removeEventListener(event, onEvent, true);
      document.removeEventListener("pointerup", onPointerUp, true);
    };
    B.armed = state;
    return base;
  };
  // Streamlit writes the link with the history API; a condition on it is checked right then.
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    history[method] = function (...args) {
      const result = original.apply(this, args);
      if (B.armed) B.armed.check();
      return result;
    };
  }
  B.result = () => (B.armed && B.armed.result) || null;
  B.disarm = () => {
    if (!B.armed) return;
    B.armed.observer.disconnect();
    B.armed.remove();
    B.armed = null;
  };

  // -- updates per second while playing ----------------------------------------------------------
  /** Count every view's data-frames changes, and the animation frames that carried one. */
  B.startRates = (names) => {
    const rates = { names, started: now(), counts: {}, painted: {}, lastTick: {}, startStep: step(), startFrames: frames() };
    rates.samples = { total: 0, same: 0, readoutSame: 0, mismatches: [] };
    rates.tick = 0;
    rates.ticks = 0;
    rates.queue = [];
    const elements = names.map(view);
    for (const name of names) {
      rates.counts[name] = 0;
      rates.painted[name] = 0;
      rates.lastTick[name] = -1;
    }
    // A redraw of the frame already shown sets data-frames to the value it had: not an update.
    rates.observer = new MutationObserver((records) => {
      records.forEach((record, index) => {
        const name = record.target.dataset.view;
        const next = records.slice(index + 1).find((later) => later.target === record.target);
        const value = next ? next.oldValue : record.target.dataset.frames;
        if (!(name in rates.counts) || value === record.oldValue) return;
        rates.counts[name] += 1;
        if (rates.lastTick[name] !== rates.tick) {
          rates.lastTick[name] = rates.tick;
          rates.painted[name] += 1;
        }
      });
    });
    for (const element of elements) {
      if (element) rates.observer.observe(element, { attributes: true, attributeOldValue: true, attributeFilter: ["data-frames"] });
    }
    let lastSample = 0;
    const loop = (t) => {
      if (!B.rates || B.rates !== rates) return;
      rates.tick += 1;
      rates.ticks += 1;
      if (t - lastSample >= 100) {
        lastSample = t;
        sampleSteps(rates, elements);
      }
      requestAnimationFrame(loop);
    };
    B.rates = rates;
    requestAnimationFrame(loop);
    return rates.started;
  };

  /** At one instant: does every view, and the read-outs' "step N" text, show the same step? */
  const sampleSteps = (rates, elements) => {
    const steps = elements.map((element) => data(element, "step"));
    const note = q("[data-view=readouts] .nnp-readout-note");
    const readStep = note ? note.textContent.replace(/\D/g, "") : null;
    const same = steps.every((s) => s === steps[0]);
    rates.samples.total += 1;
    if (same) rates.samples.same += 1;
    else if (rates.samples.mismatches.length < 5) rates.samples.mismatches.push(steps);
    if (same && readStep === steps[0]) rates.samples.readoutSame += 1;
    const root = live();
    const liveView = root && root.parentElement.__nnpLive;
    if (liveView) rates.queue.push(liveView.playback.queue.length);
  };

  B.stopRates = () => {
    const rates = B.rates;
    B.rates = null;
    rates.observer.disconnect();
    const seconds = (now() - rates.started) / 1000;
    return {
      seconds,
      counts: rates.counts,
      painted: rates.painted,
      animationFrames: rates.ticks,
      steps: step() - rates.startStep,
      drawn: frames() - rates.startFrames,
      samples: rates.samples,
      queueEmpty: rates.queue.filter((n) => n === 0).length / Math.max(1, rates.queue.length),
    };
  };

  // -- diagnosis: time the live view's receive() and _draw() and the requests for frames ----------
  B.instrument = () => {
    const root = live();
    const liveView = root && root.parentElement.__nnpLive;
    if (!liveView || liveView.__benchTimed) return false;
    liveView.__benchTimed = true;
    const log = (B.liveLog = { receive: [], draw: [], requests: [] });
    const receive = liveView.receive.bind(liveView);
    liveView.receive = (payload, setTriggerValue) => {
      const start = now();
      receive(payload, setTriggerValue);
      log.receive.push([start, now() - start, (payload.frames || []).length, Boolean(payload.scene), payload.run]);
      if (log.receive.length > 5000) log.receive.splice(0, 2500);
    };
    const draw = liveView._draw.bind(liveView);
    liveView._draw = (frame) => {
      const start = now();
      draw(frame);
      log.draw.push([start, now() - start]);
      if (log.draw.length > 5000) log.draw.splice(0, 2500);
    };
    const action = liveView.action.bind(liveView);
    liveView.action = (message) => {
      if (message.type === "more") log.requests.push([now(), message.want]);
      action(message);
    };
    return true;
  };
})();
