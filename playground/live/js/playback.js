// Playback of the frames the server sends while playing, and the one-at-a-time channel back to it.
// Frames wait in a queue and are shown at most one per animation frame (60/s). When the queue
// holds less than AHEAD_MS plus the server's recent answer time, one "more" action asks for
// BATCH_MS plus that time of frames. While an answer is awaited, the queued frames are spread over
// SPREAD times the time it is expected to take: a busy server gives a slower but steady picture,
// not a burst and then a still one, and the margin keeps frames in hand for an answer later than
// usual. Past the expected time the frames left are rationed, so that one answer twice as slow as
// the others (a class of 100 on one process) slows the picture down instead of stopping it.
// benchmarks/loadlib/liveview.py repeats these rules: keep the two in step.

(() => {
  const NNP = window.NNPlayground;
  const MAX_FPS = 60;
  const AHEAD_MS = 250; // ask for more frames when fewer than this (plus the answer time) are queued
  const BATCH_MS = 450; // and ask for this many ms of frames (plus the answer time)
  const MAX_LATENCY_MS = 6000; // answer times above this count as this much
  const SPREAD = 1.25; // spread queued frames over this many expected answer times
  const RISE = 0.5; // the weight of an answer time above the smoothed one
  const FALL = 0.2; // and of one below it
  const OVERDUE = 0.25; // an answer later than that: expect it in this share of the time waited
  // An action not answered within RESEND_MS, or three times the recent answer time if longer, is
  // sent again, and each further try waits twice as long: a resend cuts short the run that was
  // about to answer, so a busy server must not be asked again sooner than it can answer.
  const RESEND_MS = 4000;
  const MAX_RESEND_MS = 32000;
  const INTERVALS_KEPT = 30;

  NNP.Playback = class {
    constructor() {
      this.queue = [];
      this.pending = null; // the action in flight: {seq, sent, message}
      this.outbox = [];
      this.seq = 0;
      this.lastShown = 0;
      this.intervals = []; // ms between frames shown at full pace: how fast this browser draws
      this.latency = 0; // smoothed ms from asking for frames to receiving them
      this.setTriggerValue = null;
      this.resends = 0; // tries of the action in flight after its first
      this.answerMs = 0; // smoothed ms from sending any action to its answer
      this.canSend = () => true; // false while the view is not on the page (see view.js)
    }

    /** A server answer arrived: the action it acknowledges is no longer in flight. */
    answered(ack, now) {
      if (!this.pending || ack < this.pending.seq) return;
      const took = now - this.pending.sent;
      this.answerMs = this.answerMs ? 0.8 * this.answerMs + 0.2 * took : took;
      if (this.pending.message.type === "more") {
        const sample = Math.min(MAX_LATENCY_MS, now - this.pending.sent);
        // Up fast, down slowly: a server getting busier (a class arriving) is followed within
        // two answers, and one quick answer does not shrink the next spread.
        const weight = sample > this.latency ? RISE : FALL;
        this.latency = this.latency ? (1 - weight) * this.latency + weight * sample : sample;
      }
      this.pending = null;
      this.resends = 0;
    }

    /** The frame to show at this animation frame, or null to keep the current picture. */
    next(now) {
      if (!this.queue.length) return null;
      const gap = Math.max(1000 / MAX_FPS, this._awaited(now) / this.queue.length);
      if (now - this.lastShown < gap - 2) return null;
      if (this.lastShown && gap <= 1000 / MAX_FPS) {
        this.intervals.push(now - this.lastShown);
        if (this.intervals.length > INTERVALS_KEPT) this.intervals.shift();
      }
      this.lastShown = now;
      return this.queue.shift();
    }

    /** While playing: ask for the next batch when the queue runs low and nothing is in flight. */
    askIfLow(shownStep) {
      const interval = this._interval();
      if (this.pending || this.outbox.length) return;
      if (this.queue.length * interval >= AHEAD_MS + this.latency) return;
      const want = Math.max(4, Math.min(40, Math.round((BATCH_MS + this.latency) / interval)));
      this.action({ type: "more", want, shown: shownStep });
    }

    /** Queue an action for the server; one is in flight at a time, each answered by an ack. */
    action(message) {
      if (message.type === "more" && this.outbox.some((queued) => queued.type === "more")) return;
      this.outbox.push(message);
      this.flush();
    }

    /** Send the next action unless one is in flight (resending one left unanswered). */
    flush() {
      if (!this._resendTimer) this._resendTimer = setInterval(() => this.flush(), 1000);
      const now = performance.now();
      const wait = Math.max(RESEND_MS, 3 * this.answerMs) * 2 ** this.resends;
      const patience = Math.min(MAX_RESEND_MS, wait);
      if (this.pending && now - this.pending.sent > patience) {
        this.outbox.unshift(this.pending.message); // not answered: the run was cut short
        this.pending = null;
        this.resends += 1;
      }
      if (this.pending || !this.outbox.length || !this.setTriggerValue || !this.canSend()) return;
      const message = this.outbox.shift();
      this.seq = Math.max(this.seq + 1, Date.now());
      this.pending = { seq: this.seq, sent: now, message };
      this.setTriggerValue("action", { ...message, seq: this.seq });
    }

    /** Ms over which to spread the queued frames: the awaited batch's expected arrival with a
     * margin, or once it is late a share of the time already waited (0 when none is awaited). */
    _awaited(now) {
      if (!this.pending || this.pending.message.type !== "more") return 0;
      const waited = now - this.pending.sent;
      return Math.max(SPREAD * this.latency - waited, OVERDUE * waited);
    }

    _interval() {
      if (!this.intervals.length) return 1000 / MAX_FPS;
      const sorted = this.intervals.slice().sort((a, b) => a - b);
      return Math.max(1000 / MAX_FPS, sorted[sorted.length >> 1]);
    }
  };
})();
