"""Neural-network playground: pick data and a network, press Play, watch backprop learn."""

import streamlit as st

from playground import controls, layout, live, state, views
from playground.export import view as export_view

st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide")

state.start_session()
cfg = state.read_config()
state.sync_url(cfg)
layout.apply_mode(cfg)

experiment = state.experiment(cfg)
export_view.apply_pending_weights(experiment)
views.handle_buttons(experiment)

views.header(cfg)
views.notices(state.take_notices())
diverged = experiment.trainer.status == "diverged"
if diverged:
    views.diverged_notice()
controls.toolbar(cfg, diverged)

data_col, main_col = st.columns([1, 4], gap="medium")
with data_col:
    controls.data_panel(cfg)
with main_col:
    controls.network_panel(cfg)
    live.live_area(cfg)
    controls.view_options(cfg)

views.lower_tabs(cfg, experiment)
