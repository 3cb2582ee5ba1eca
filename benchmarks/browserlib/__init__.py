"""Helpers of bench_browser.py: the server, the page probe, the measurements and the table."""
