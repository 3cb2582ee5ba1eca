"""What the page shows around the controls: header, notices and the lower tabs."""

from __future__ import annotations

import streamlit as st

from playground import layout, state
from playground.backprop import view as backprop_view
from playground.config import Config
from playground.config.compare import COMPARABLE
from playground.experiment import Experiment
from playground.export import view as export_view
from playground.lessons import view as lessons_view
from playground.text import escape_markdown

TFP_LINK_KEY = "tfp_link"
COMPARE_KEY = "compare_text"
SHARE_KEY = "share_menu"
# Lessons first: the open tab is drawn on every full run, and the explainer's formulas cost a
# first visit megabytes of JavaScript; it is drawn only when a student opens it.
TABS = ("Lessons", backprop_view.TAB_LABEL, "Export & import")


def header(cfg: Config) -> None:
    """Title, a box to open a TensorFlow Playground link, and Share with the full link."""
    title, tfp, compare, share = st.columns([3.4, 1.4, 1, 1], vertical_alignment="center")
    title.markdown("### Neural-network playground")
    # Not "Playground" on a button: "Play" must name one button only.
    with tfp.popover("Open a TensorFlow link", icon=":material/link:", width="stretch"):
        st.text_input(
            "Link from playground.tensorflow.org",
            key=TFP_LINK_KEY,
            placeholder="https://playground.tensorflow.org/#activation=tanh&…",
            help="The experiment opens here with fresh weights; what differs is listed.",
        )
        st.button("Open", key="tfp_open", on_click=_open_tensorflow_playground, args=(cfg,))
    with compare.popover("Compare", icon=":material/compare:", width="stretch"):
        _compare_box(cfg)
    with share:
        _share()


@st.fragment
def _share() -> None:
    """Share: the link of the experiment as it is when the menu opens. Opening it reruns only this
    fragment, so the link follows the settings changed since the page was drawn (a setting reruns
    only its own fragment)."""
    with st.popover(
        "Share", icon=":material/share:", width="stretch", key=SHARE_KEY, on_change="rerun"
    ):
        st.caption("This link opens the same experiment: same data, same initial weights.")
        link = state.current_experiment().cfg.share_url(layout.base_url())
        st.markdown(f"[{escape_markdown(link)}]({link})")


def _compare_box(cfg: Config) -> None:
    """Start or stop a second run beside this one, differing in a few settings."""
    st.caption(
        "A second network trains beside this one on the same data, in the same mini-batch "
        "order, from the same initial weights where the networks match. Name what differs: "
        f"{', '.join(COMPARABLE)}, e.g. activation:relu, lr:0.1 or layers:8,8."
    )
    st.text_input("The second run differs in", key=COMPARE_KEY, placeholder="activation:relu")
    start, stop = st.columns(2)
    start.button("Compare", key="compare_start", on_click=_start_comparing, type="primary")
    stop.button("Stop comparing", key="compare_stop", on_click=_stop, disabled=not cfg.compare)


def _start_comparing() -> None:
    """Button callback: both runs start from their initial weights, in lockstep."""
    current = state.current_experiment().cfg
    text = str(state.control(COMPARE_KEY) or "").replace(" ", "")
    cfg, warnings = Config.from_query({**current.to_query(), "compare": text})
    state.set_compare(cfg.compare)
    state.current_experiment().reset()  # the two runs move in lockstep from step 0
    state.set_playing(False)
    state.add_notices(warnings)


def _stop() -> None:
    state.set_compare(())


def _open_tensorflow_playground(current: Config) -> None:
    """Button callback: the pasted link's experiment, from fresh weights, in this page's mode."""
    cfg, warnings = Config.from_tensorflow_playground(str(state.control(TFP_LINK_KEY) or ""))
    state.current_experiment().reset()  # fresh weights even if only the learning rate differs
    state.apply_config(cfg.replace(mode=current.mode))
    state.set_playing(False)
    state.add_notices(warnings or ["The TensorFlow Playground link was opened."])
    state.set_control(TFP_LINK_KEY, "")


def notices(messages: list[str]) -> None:
    """Show what the app had to fix or refuse, in one small box."""
    if not messages:
        return
    lines = "\n".join(f"- {escape_markdown(message)}" for message in messages[:12])
    more = f"\n- … and {len(messages) - 12} more" if len(messages) > 12 else ""
    st.warning(lines + more, icon="⚠️")


def lower_tabs(cfg: Config, experiment: Experiment) -> None:
    """Backprop explainer, lessons and export, below the live area; only the open tab is drawn."""
    if not state.picture_shown():
        return  # below the fold: drawn with the controls (playground/layout.py)
    tabs = st.tabs(list(TABS), key=backprop_view.TAB_KEY, on_change="rerun")
    renderers = (
        lambda: lessons_view.render(cfg),
        lambda: backprop_view.render(cfg, experiment),
        lambda: export_view.render(experiment),
    )
    for tab, render in zip(tabs, renderers, strict=True):
        if tab.open:
            with tab:
                render()


def diverged_notice() -> None:
    """Say plainly that training blew up, and how to recover."""
    st.error(
        "Training diverged: the loss or a weight became infinite or NaN. The last finite weights "
        "are kept. Press **Reset**, then try a smaller learning rate.",
        icon="💥",
    )
