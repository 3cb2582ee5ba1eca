"""A real Chromium tab on the app: its websocket frames and how often its views are redrawn.

The frames are the ones Playwright's page.on("websocket") reports (both come from Chromium's
DevTools events), taken here from the DevTools events themselves because those carry the
browser's own timestamps: a Python handler's clock would add Playwright's delivery delays to
every interval. The views' update counts come from the page: view.js writes the number of frames
drawn into `data-frames` of every view, and a sampler in the page reads them every 100 ms.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from benchmarks.browserlib.page import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONTROLS_DRAWN,
    FIRST_PICTURE,
    VISIBLE,
)

VIEWPORT = {"width": 1200, "height": 900}
VIEWS = ("boundary", "network", "loss", "readouts")
START_SAMPLER = f"""(views) => {{
  const visible = {VISIBLE};
  window.__loadSamples = [];
  window.__loadSampler = setInterval(() => {{
    const count = (v) => Number(visible(v)?.dataset.frames || 0);
    window.__loadSamples.push([performance.now(), ...views.map(count)]);
  }}, 100);
}}"""
STOP_SAMPLER = "() => { clearInterval(window.__loadSampler); return window.__loadSamples; }"


@dataclass
class WireFrame:
    """One websocket message: browser time (s, monotonic), direction, bytes."""

    at: float
    sent: bool
    data: bytes


@dataclass
class TabLog:
    """What the tab sent and received, and its views' frame counts over time."""

    frames: list[WireFrame] = field(default_factory=list)
    samples: list[list[float]] = field(default_factory=list)  # [ms, frames per view...]
    errors: list[str] = field(default_factory=list)


class ChromiumTab:
    """One headless Chromium with one tab on the app."""

    def __init__(self, url: str, query: str = "") -> None:
        self.url = f"{url.rstrip('/')}/" + (f"?{query}" if query else "")
        self.log = TabLog()
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._cdp: Any = None
        self._stream_ids: set[str] = set()

    async def open(self, timeout_s: float) -> None:
        """Launch Chromium, load the page; wait for the live view's first frame and the controls."""
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = await self._browser.new_context(viewport=VIEWPORT)
        self._page = await context.new_page()
        self._page.on("pageerror", lambda error: self.log.errors.append(f"page error: {error}"))
        self._cdp = await context.new_cdp_session(self._page)
        self._cdp.on("Network.webSocketCreated", self._created)
        self._cdp.on("Network.webSocketFrameSent", lambda event: self._frame(event, True))
        self._cdp.on("Network.webSocketFrameReceived", lambda event: self._frame(event, False))
        await self._cdp.send("Network.enable")
        await self._page.goto(self.url)
        await self._page.wait_for_function(FIRST_PICTURE, timeout=timeout_s * 1000)
        await self._page.wait_for_function(CONTROLS_DRAWN, timeout=timeout_s * 1000)

    async def press_play(self) -> None:
        """Click Play as a student does."""
        await self._page.get_by_role("button", name="Play", exact=True).click()

    async def start_sampling(self) -> None:
        """Start counting the views' frames in the page, every 100 ms."""
        await self._page.evaluate(START_SAMPLER, list(VIEWS))

    async def stop_sampling(self) -> None:
        """Stop the page's sampler and keep its samples."""
        self.log.samples = await self._page.evaluate(STOP_SAMPLER)
        if await self._page.locator("[data-testid='stException']").count():
            self.log.errors.append("the page shows an exception")

    async def close(self) -> None:
        """Close the browser."""
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    def view_rates(self) -> dict[str, float]:
        """Frames each view drew per second over the sampled window."""
        first, last = self.log.samples[0], self.log.samples[-1]
        seconds = (last[0] - first[0]) / 1000
        return {
            view: (last[1 + k] - first[1 + k]) / seconds if seconds > 0 else 0.0
            for k, view in enumerate(VIEWS)
        }

    def longest_still_s(self) -> float:
        """Longest time the boundary view kept one frame, within the sampled window."""
        longest, since, count = 0.0, self.log.samples[0][0], self.log.samples[0][1]
        for sample in self.log.samples[1:]:
            if sample[1] != count:
                longest = max(longest, (sample[0] - since) / 1000)
                since, count = sample[0], sample[1]
        return max(longest, (self.log.samples[-1][0] - since) / 1000)

    def _created(self, event: dict[str, Any]) -> None:
        if "/_stcore/stream" in event.get("url", ""):
            self._stream_ids.add(event["requestId"])

    def _frame(self, event: dict[str, Any], sent: bool) -> None:
        if event["requestId"] not in self._stream_ids:
            return
        response = event["response"]
        payload = response.get("payloadData", "")
        data = base64.b64decode(payload) if response.get("opcode") == 2 else payload.encode()
        self.log.frames.append(WireFrame(event["timestamp"], sent, data))
