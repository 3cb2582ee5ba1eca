"""First picture after navigating, and the bytes a first load transfers (Chromium's own counts)."""

from __future__ import annotations

import base64
import statistics
from dataclasses import dataclass
from typing import Any

from benchmarks.browserlib import page as pg

EVENTS = (
    "requestWillBeSent",
    "responseReceived",
    "loadingFinished",
    "webSocketFrameReceived",
    "webSocketHandshakeResponseReceived",
)
PAINTED = "() => 'first_picture_painted' in window.__nnpBench.marks"
NAVIGATION = """() => {
  const [n] = performance.getEntriesByType('navigation');
  return {origin: performance.timeOrigin, response_end: n.responseEnd,
          dom_ready: n.domContentLoadedEventEnd, load: n.loadEventEnd};
}"""


@dataclass
class Load:
    """One first load: page milestones (ms after navigation start) and bytes by kind."""

    marks: dict[str, float]
    until_picture: dict[str, int]  # bytes received up to the first picture, by kind
    ws_extensions: str  # what the websocket handshake negotiated (compression would show here)
    largest: list[tuple[int, str]]
    lazy_scripts: dict[str, float]  # JavaScript fetched after the first websocket message
    document_files: dict[str, float]  # the files the document asks for, before the websocket
    server_runs: list[tuple[float, float]]  # ms, page clock
    revisit: dict[str, float]  # milestones of the same page loaded again: Streamlit's files cached

    @property
    def first_picture_s(self) -> float:
        """Navigation start to the boundary's first drawn frame."""
        return self.marks["first_picture"] / 1000

    @property
    def controls_s(self) -> float | None:
        """Navigation start to every control drawn (they come with the run the picture asks for)."""
        return self.marks["controls"] / 1000 if "controls" in self.marks else None

    @property
    def revisit_s(self) -> float:
        """The same, loading the page again in that browser context."""
        return self.revisit["first_picture"] / 1000

    @property
    def bytes_until_picture(self) -> int:
        """HTTP responses (headers and bodies) and websocket messages before the first picture."""
        return sum(self.until_picture.values())


def _kind(url: str, mime: str) -> str:
    if mime.startswith("font/") or url.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if "javascript" in mime or url.endswith(".js"):
        return "JavaScript"
    if "css" in mime or url.endswith(".css"):
        return "CSS"
    return "other HTTP"


def _frame_size(response: dict[str, Any]) -> int:
    payload = response.get("payloadData", "")
    if response.get("opcode") == 2:  # binary frames arrive base64-encoded
        return len(base64.b64decode(payload))
    return len(payload.encode())


def first_load(
    browser: Any, url: str, query: str = "", runs: Any = None, settle_ms: int = 3000
) -> Load:
    """Navigate a fresh context (empty cache) to the app; time and count until the first picture.

    `runs` (the server's script runs, when timed) adds the runs of this load on the page's clock.
    """
    tab = pg.open_tab(browser, url, wait=False)
    cdp = tab.context.new_cdp_session(tab.page)
    events: list[tuple[str, dict[str, Any]]] = []
    for name in EVENTS:
        cdp.on(f"Network.{name}", lambda params, name=name: events.append((name, params)))
    cdp.send("Network.enable")
    try:
        pg.goto(tab, url, query)
        tab.page.wait_for_function(PAINTED, timeout=pg.LOAD_TIMEOUT_MS)
        tab.page.wait_for_timeout(settle_ms)
        marks = dict(tab.eval("() => window.__nnpBench.marks"))
        navigation = tab.eval(NAVIGATION)
        cdp.send("Network.disable")
        pg.goto(tab, url, query)
        tab.page.wait_for_function(PAINTED, timeout=pg.LOAD_TIMEOUT_MS)
        revisit = dict(tab.eval("() => window.__nnpBench.marks"))
    finally:
        tab.close()
    marks.update({k: navigation[k] for k in ("response_end", "dom_ready", "load")})
    # CDP times are monotonic seconds; the document request carries both clocks, so the page's
    # milestones (ms after timeOrigin) can be placed on the CDP clock.
    document = next(
        p for n, p in events if n == "requestWillBeSent" and p.get("type") == "Document"
    )
    offset = document["timestamp"] - (document["wallTime"] - navigation["origin"] / 1000)
    until, largest, extensions = _count(events, offset + marks["first_picture"] / 1000)
    origin = navigation["origin"]
    mine = [
        (r["start"] * 1000 - origin, r["end"] * 1000 - origin)
        for r in (runs() if runs is not None else [])
        if r["end"] * 1000 >= origin
    ]
    lazy = _lazy_scripts(events, offset, marks.get("ws_first_message", 0.0))
    files = _document_files(events, offset, marks.get("ws_open", 0.0))
    return Load(marks, until, extensions, largest, lazy, files, mine, revisit)


def _count(
    events: list[tuple[str, dict[str, Any]]], cutoff: float
) -> tuple[dict[str, int], list[tuple[int, str]], str]:
    """Bytes by kind received until `cutoff` (CDP clock), the largest files, the ws extensions."""
    kinds = {}
    for name, params in events:
        if name == "responseReceived":
            response = params["response"]
            kinds[params["requestId"]] = (_kind(response["url"], response["mimeType"]), response)
    until: dict[str, int] = {}
    largest = []
    extensions = "none"
    for name, params in events:
        if name == "loadingFinished":
            kind, response = kinds.get(params["requestId"], ("other HTTP", {"url": "?"}))
            size = int(params["encodedDataLength"])
            largest.append((size, response["url"].split("/")[-1]))
        elif name == "webSocketFrameReceived":
            kind, size = "websocket", _frame_size(params["response"])
        elif name == "webSocketHandshakeResponseReceived":
            headers = {k.lower(): v for k, v in params["response"]["headers"].items()}
            extensions = headers.get("sec-websocket-extensions", "none")
            continue
        else:
            continue
        if params["timestamp"] <= cutoff:
            until[kind] = until.get(kind, 0) + size
    return until, sorted(largest, reverse=True)[:6], extensions


def _lazy_scripts(
    events: list[tuple[str, dict[str, Any]]], offset: float, after_ms: float
) -> dict[str, float]:
    """The JavaScript Streamlit fetches once the page's elements arrive, on the page's clock (ms).

    Its widgets and the live view's component are code-split: each file is requested when the
    first element that needs it renders. The live view's loader comes last, as a blob: module.
    """
    scripts = {}  # requestId -> (requested, url)
    finished = {p["requestId"]: (p["timestamp"] - offset) * 1000 for n, p in events
                if n == "loadingFinished"}  # fmt: skip
    for name, params in events:
        if name == "requestWillBeSent" and params.get("type") == "Script":
            at = (params["timestamp"] - offset) * 1000
            if at >= after_ms:
                scripts[params["requestId"]] = (at, params["request"]["url"])
    if not scripts:
        return {}
    component = [finished.get(r, at) for r, (at, url) in scripts.items() if "BidiComponent" in url]
    loader = [at for at, url in scripts.values() if url.startswith("blob:")]
    return {
        "files": len(scripts),
        "first_requested": min(at for at, _ in scripts.values()),
        "last_finished": max(finished.get(r, at) for r, (at, _) in scripts.items()),
        "component_loaded": min(component, default=float("nan")),
        "loader_requested": min(loader, default=float("nan")),
    }


def _document_files(
    events: list[tuple[str, dict[str, Any]]], offset: float, before_ms: float
) -> dict[str, float]:
    """The JavaScript, CSS and fonts requested before the websocket opened (page clock, ms).

    `tail` is a file's time from its headers to its last byte: for a small file on this machine
    it is nearly nothing, unless the server holds the body back (Nagle's algorithm waits for an
    acknowledgement the browser delays by 40 ms).
    """
    requested, headers, finished = {}, {}, {}
    for name, params in events:
        at = (params.get("timestamp", 0.0) - offset) * 1000
        if name == "requestWillBeSent" and params.get("type") in ("Script", "Stylesheet", "Font"):
            if at < before_ms:
                requested[params["requestId"]] = at
        elif name == "responseReceived" and "timing" in params["response"]:
            timing = params["response"]["timing"]
            sent = (timing["requestTime"] - offset) * 1000
            headers[params["requestId"]] = sent + timing["receiveHeadersEnd"]
        elif name == "loadingFinished":
            finished[params["requestId"]] = at
    done = [r for r in requested if r in headers and r in finished]
    if not done:
        return {}
    return {
        "files": len(done),
        "tail": statistics.median(finished[r] - headers[r] for r in done),
        "last_finished": max(finished[r] for r in done),
    }


def warm_up(browser: Any, url: str) -> None:
    """One page load that is not measured: the server has imported and run everything once."""
    pg.open_tab(browser, url).close()
