"""Helpers of benchmarks/load.py: a Streamlit protocol client, browser playback, server stats."""
