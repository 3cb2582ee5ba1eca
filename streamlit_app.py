"""Neural-network playground: pick data and a network, press Play, watch backprop learn."""

import streamlit as st

from playground import controls, layout, sockets, state, views
from playground.export import view as export_view
from playground.live import live_area

st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide")

sockets.disable_nagle()  # once per process: small files and messages no longer wait 40 ms

state.start_session()
cfg = state.read_config()
state.sync_url(cfg)
layout.apply_mode(cfg)

experiment = state.experiment(cfg)
export_view.apply_pending_weights(experiment)

if cfg.mode == "embed":
    live_area()  # inside another page: the transport and the live view, nothing else
    st.stop()

views.header(cfg)
views.notices(state.take_notices())
data_col, main_col = st.columns([1, 4], gap="medium")
with data_col:
    controls.data_panel(cfg)
with main_col:
    controls.network_panel(cfg)
    live_area()
views.lower_tabs(cfg, experiment)
state.mark_page_drawn()
