"""The live view: frames produced by the engine, drawn and played by the browser."""

from playground.live.area import live_area

__all__ = ["live_area"]
