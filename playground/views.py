"""What the page shows around the controls: header, notices, the live area and the lower tabs."""

from __future__ import annotations

import streamlit as st

from playground import state
from playground.backprop import view as backprop_view
from playground.config import Config
from playground.experiment import Experiment
from playground.export import view as export_view
from playground.lessons import view as lessons_view
from playground.text import escape_markdown


def header(cfg: Config) -> None:
    """Title and the Share control with the full link ready to copy."""
    title, share = st.columns([5, 1], vertical_alignment="center")
    title.markdown("### Neural-network playground")
    with share.popover("Share", icon=":material/share:", width="stretch"):
        st.caption("This link opens the same experiment: same data, same initial weights.")
        st.code(cfg.share_url(_base_url()), language=None, wrap_lines=True)


def _base_url() -> str:
    url = st.context.url or "http://localhost:8501/"
    return url.split("?", 1)[0]


def notices(messages: list[str]) -> None:
    """Show what the app had to fix or refuse, in one small box."""
    if not messages:
        return
    lines = "\n".join(f"- {escape_markdown(message)}" for message in messages[:12])
    more = f"\n- … and {len(messages) - 12} more" if len(messages) > 12 else ""
    st.warning(lines + more, icon="⚠️")


def handle_buttons(experiment: Experiment) -> None:
    """Step, +1 epoch and Reset act on the experiment before anything is drawn."""
    if st.session_state.get("reset"):
        experiment.reset()
    elif experiment.trainer.status == "ok":
        if st.session_state.get("step"):
            experiment.trainer.step(1)
        elif st.session_state.get("step_epoch"):
            experiment.trainer.run_epochs(1)


def lower_tabs(cfg: Config, experiment: Experiment) -> None:
    """Backprop explainer, lessons and export, below the live area."""
    tabs = st.tabs(["Backprop step by step", "Lessons", "Export & import"])
    with tabs[0]:
        backprop_view.render(cfg, experiment)
    with tabs[1]:
        lessons_view.render(cfg)
    with tabs[2]:
        export_view.render(cfg, experiment)


def diverged_notice() -> None:
    """Say plainly that training blew up, and how to recover."""
    st.error(
        "Training diverged: the loss or a weight became infinite or NaN. The last finite weights "
        "are kept. Press **Reset**, then try a smaller learning rate.",
        icon="💥",
    )
    state.set_playing(False)
