"""Streamlit playground: typed settings, figure builders and UI modules."""
