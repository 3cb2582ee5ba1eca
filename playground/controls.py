"""The playground's controls: each widget's key is its URL parameter, bounded by the config."""

from __future__ import annotations

import streamlit as st

from engine.datasets import DatasetError, from_csv
from playground import layout, state
from playground.config import Config
from playground.config.fields import FIELDS, MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH
from playground.widgets import choice, select, shown, slider

FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1sq": "x₁²",
    "x2sq": "x₂²",
    "x1x2": "x₁x₂",
    "sinx1": "sin x₁",
    "sinx2": "sin x₂",
}
NETWORK_CONTROLS = ("features", "layers", "activation", "init")
NETWORK_COLUMNS = (2.2, 2.2, 1, 1)  # the network panel's first row, in the order above
DATASET_LABELS = {
    "circle": "Circle",
    "xor": "Exclusive or",
    "gauss": "Two Gaussians",
    "spiral": "Spiral",
    "moons": "Moons",
    "blobs": "Blobs (3–5 classes)",
    "spiral3": "Spiral, 3 arms",
    "plane": "Plane (regression)",
    "bumps": "Bumps (regression)",
    "drawn": "Drawn by hand",
    "csv": "Uploaded CSV",
}


def _activation(cfg: Config) -> None:
    spec = FIELDS["activation"]
    if not shown(cfg, "activation"):
        return
    options = list(spec.options)
    current = state.control("activation")
    if isinstance(current, str) and current not in options:
        options.append(current)  # a per-layer list from a link, e.g. "relu,tanh"
    choice(
        st,
        spec.label,
        options,
        key="activation",
        help=spec.help,
        format_func=lambda v: f"per layer: {v.replace(',', ', ')}" if "," in v else v,
    )


def data_panel(cfg: Config) -> None:
    """Dataset, its size, noise, split and seed, the CSV upload and Regenerate."""
    st.markdown("#### Data")
    if not state.picture_shown():
        return  # the picture first (playground/layout.py); nothing under this column moves
    select(cfg, "dataset", format_func=DATASET_LABELS.get)
    if cfg.dataset == "blobs":
        slider(cfg, "classes")
    if shown(cfg, "dataset"):
        st.file_uploader(
            "Upload CSV (x1, x2, label)",
            type=["csv", "txt"],
            key=state.upload_key(),
            on_change=_read_upload,
            help="Columns x1, x2 and a class label or a numeric target; header optional.",
        )
    if cfg.dataset == "csv" and state.uploaded_dataset() is None:
        st.info(
            "No CSV file is loaded yet, so the Circle data is shown. Upload a file with columns "
            "x1, x2 and a label (or a numeric target) above.",
            icon=":material/upload_file:",
        )
    slider(cfg, "train")
    if cfg.dataset != "drawn":  # a drawing has the points it has
        slider(cfg, "noise")
        slider(cfg, "points", step=10)
    if shown(cfg, "seed"):
        spec = FIELDS["seed"]
        st.number_input(
            spec.label, int(spec.minimum), int(spec.maximum), step=1, key="seed", help=spec.help
        )
        st.button(
            "Regenerate",
            key="regenerate",
            on_click=_regenerate,
            help="New data from the next seed; the network keeps its weights.",
            width="stretch",
        )


def _regenerate() -> None:
    state.request_keep_network()
    state.set_control("seed", (int(state.control("seed") or 0) + 1) % 1_000_000)


def _read_upload() -> None:
    upload = state.control(state.upload_key())
    if upload is None:
        return
    name = upload.name  # the notice box escapes it
    try:
        dataset = from_csv(upload.getvalue())
    except DatasetError as error:
        reason = str(error).rstrip(".")
        state.add_notices([f"{name} was not loaded: {reason}. The current data is kept."])
        state.clear_upload()  # the refused file must not sit in the uploader as if loaded
        return
    state.set_uploaded_dataset(dataset)
    state.add_notices([f"{name}: {note}" for note in dataset.notes])


def network_panel(cfg: Config) -> None:
    """Features, hidden layers (+/- buttons as well as typing), activation and initialization."""
    if not any(shown(cfg, name) for name in NETWORK_CONTROLS):
        return  # an empty row would still take a gap
    if not state.picture_shown():
        _keep_network_rows(cfg)
        return
    features_col, layers_col, activation_col, init_col = st.columns(NETWORK_COLUMNS)
    with activation_col:
        _activation(cfg)
    with init_col:
        select(cfg, "init")
    if shown(cfg, "features"):
        spec = FIELDS["features"]
        features_col.pills(
            spec.label,
            spec.options,
            selection_mode="multi",
            key="features",
            format_func=FEATURE_LABELS.get,
            help=spec.help,
        )
    if not shown(cfg, "layers"):
        return
    spec = FIELDS["layers"]
    cols = layers_col.columns([2, 1, 1], vertical_alignment="bottom")
    cols[0].text_input(spec.label, key="layers", help=spec.help, placeholder="no hidden layer")
    cols[1].button(
        "+ layer",
        key="add_layer",
        on_click=_change_layers,
        args=(cfg, cfg.layers + (4,)),
        disabled=len(cfg.layers) >= MAX_HIDDEN_LAYERS,
        width="stretch",
    )
    cols[2].button(
        "− layer",
        key="remove_layer",
        on_click=_change_layers,
        args=(cfg, cfg.layers[:-1]),
        disabled=not cfg.layers,
        width="stretch",
    )
    if cfg.layers:
        neuron_cols = _neuron_row()
        for index, (col, width) in enumerate(zip(neuron_cols, cfg.layers, strict=False)):
            if not shown(cfg, f"neurons{index + 1}"):
                continue
            more = cfg.layers[:index] + (width + 1,) + cfg.layers[index + 1 :]
            fewer = cfg.layers[:index] + (width - 1,) + cfg.layers[index + 1 :]
            label, plus, minus = col.columns(
                [1.3, 1, 1], gap="xxsmall", vertical_alignment="center"
            )
            label.caption(f"L{index + 1}: {width}")
            plus.button(
                "+",
                key=f"add_neuron_{index}",
                on_click=_change_layers,
                args=(cfg, more),
                disabled=width >= MAX_LAYER_WIDTH,
                help=f"One more neuron in hidden layer {index + 1}",
            )
            minus.button(
                "−",
                key=f"remove_neuron_{index}",
                on_click=_change_layers,
                args=(cfg, fewer),
                disabled=width <= 1,
                help=f"One neuron fewer in hidden layer {index + 1}",
            )


def _keep_network_rows(cfg: Config) -> None:
    """The network panel's rows, each holding a space as high as its controls.

    The live view below stays where it is; and while the controls arrive, the browser keeps a
    space until something else takes its place in the same row, so no row is ever empty: the
    inputs' row keeps it where the initialization's dropdown (a skeleton as high) will come,
    the neurons' row in a column the buttons rarely reach.
    """
    st.columns(NETWORK_COLUMNS)[-1].space(layout.pending_row(cfg, "inputs"))
    if shown(cfg, "layers") and cfg.layers:
        _neuron_row()[-1].space(layout.pending_row(cfg, "buttons"))


def _neuron_row() -> list:
    """The row of each hidden layer's neuron count and +/- buttons, one column per layer."""
    return st.columns(MAX_HIDDEN_LAYERS, vertical_alignment="center")


def _change_layers(cfg: Config, layers: tuple[int, ...]) -> None:
    try:
        changed = cfg.with_layers(layers)
    except ValueError as error:
        state.add_notices([str(error)])
        return
    values = state.widget_values(changed)
    state.set_control("layers", values["layers"])
    state.set_control("activation", values["activation"])
