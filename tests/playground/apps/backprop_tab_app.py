"""The backprop tab alone, on the experiment a URL's config describes (for AppTest)."""

import streamlit as st

from playground import state
from playground.backprop import view as backprop_view
from playground.config import Config

st.set_page_config(layout="wide")  # as the real app
cfg, _ = Config.from_query({key: st.query_params.get_all(key) for key in st.query_params})
backprop_view.render(cfg, state.experiment(cfg))
