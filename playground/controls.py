"""The playground's controls: each widget's key is its URL parameter, bounded by the config."""

from __future__ import annotations

import streamlit as st

from engine.datasets import DatasetError, from_csv
from playground import state
from playground.config import Config
from playground.config.fields import FIELDS, MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH
from playground.widgets import choice

FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1sq": "x₁²",
    "x2sq": "x₂²",
    "x1x2": "x₁x₂",
    "sinx1": "sin x₁",
    "sinx2": "sin x₂",
}
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
    "csv": "Uploaded CSV",
}


def _shown(cfg: Config, name: str) -> bool:
    return name not in cfg.hide


def _select(cfg: Config, name: str, format_func=str) -> None:
    spec = FIELDS[name]
    if _shown(cfg, name):
        choice(st, spec.label, spec.options, key=name, help=spec.help, format_func=format_func)


def _slider(cfg: Config, name: str, step: int = 1) -> None:
    spec = FIELDS[name]
    if _shown(cfg, name):
        st.slider(
            spec.label, int(spec.minimum), int(spec.maximum), step=step, key=name, help=spec.help
        )


def _snap(cfg: Config, name: str) -> None:
    spec = FIELDS[name]
    if _shown(cfg, name):
        st.select_slider(
            spec.label, spec.options, key=name, help=spec.help, format_func=lambda v: f"{v:g}"
        )


def toolbar(cfg: Config, diverged: bool) -> None:
    """One row as in TensorFlow Playground: the transport buttons, then the training settings."""
    widths = [1.1, 0.9, 0.9, 0.95, 1.5, 1.3, 1.3, 1.45, 1.6, 1.3]
    cols = st.columns(widths, vertical_alignment="bottom")
    _transport(cols[:4], diverged)
    with cols[4]:
        _snap(cfg, "lr")
    with cols[5]:
        _select(cfg, "optimizer")
    with cols[6]:
        _activation(cfg)
    with cols[7]:
        _select(cfg, "reg", format_func=lambda v: {"none": "None", "l1": "L1", "l2": "L2"}[v])
    with cols[8]:
        _snap(cfg, "rate")
    with cols[9]:
        _slider(cfg, "batch")


def _transport(cols: list, diverged: bool) -> None:
    """Play/Pause, Step, Epoch, Reset: the buttons that drive training."""
    playing = state.is_playing() and not diverged
    cols[0].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="play",
        on_click=state.toggle_playing,
        type="primary",
        disabled=diverged,
        help="Train continuously",
        width="stretch",
    )
    cols[1].button(
        "Step",
        key="step",
        help="Train on one mini-batch",
        disabled=diverged,
        width="stretch",
    )
    cols[2].button(
        "Epoch",
        key="step_epoch",
        help="Train to the end of the current pass over the training data",
        disabled=diverged,
        width="stretch",
    )
    cols[3].button(
        "Reset",
        key="reset",
        help="Back to the initial weights of this seed",
        on_click=state.set_playing,
        args=(False,),
        width="stretch",
    )


def _activation(cfg: Config) -> None:
    spec = FIELDS["activation"]
    if not _shown(cfg, "activation"):
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
    _select(cfg, "dataset", format_func=DATASET_LABELS.get)
    if cfg.dataset == "blobs":
        _slider(cfg, "classes")
    if _shown(cfg, "dataset"):
        st.file_uploader(
            "Upload CSV (x1, x2, label)",
            type=["csv", "txt"],
            key="upload",
            on_change=_read_upload,
            help="Columns x1, x2 and a class label or a numeric target; header optional.",
        )
    _slider(cfg, "train")
    _slider(cfg, "noise")
    _slider(cfg, "points", step=10)
    if _shown(cfg, "seed"):
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
    upload = state.control("upload")
    if upload is None:
        return
    try:
        dataset = from_csv(upload.getvalue())
    except DatasetError as error:
        state.add_notices([f"{upload.name}: {error} The current data is kept."])
        return
    state.set_uploaded_dataset(dataset)


def network_panel(cfg: Config) -> None:
    """Features and hidden layers, with +/- buttons as well as typing."""
    features_col, layers_col = st.columns([1, 1])
    if _shown(cfg, "features"):
        spec = FIELDS["features"]
        features_col.pills(
            spec.label,
            spec.options,
            selection_mode="multi",
            key="features",
            format_func=FEATURE_LABELS.get,
            help=spec.help,
        )
    if not _shown(cfg, "layers"):
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
        neuron_cols = st.columns(MAX_HIDDEN_LAYERS, vertical_alignment="center")
        for index, (col, width) in enumerate(zip(neuron_cols, cfg.layers, strict=False)):
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


def _change_layers(cfg: Config, layers: tuple[int, ...]) -> None:
    try:
        changed = cfg.with_layers(layers)
    except ValueError as error:
        state.add_notices([str(error)])
        return
    values = state.widget_values(changed)
    state.set_control("layers", values["layers"])
    state.set_control("activation", values["activation"])


def view_options(cfg: Config) -> None:
    """How the output is drawn, and how fast training animates."""
    cols = st.columns(3)
    if _shown(cfg, "test"):
        cols[0].toggle(FIELDS["test"].label, key="test", help=FIELDS["test"].help)
    if _shown(cfg, "discrete"):
        cols[1].toggle(FIELDS["discrete"].label, key="discrete", help=FIELDS["discrete"].help)
    with cols[2]:
        _slider(cfg, "speed")
    cols = st.columns(4)
    cols[0].toggle("Log-scale loss", key="log_loss")
    cols[1].toggle(
        "Edges show ∂L/∂w", key="edge_gradients", help="Colour and size edges by the gradient"
    )
    cols[2].toggle("Show gradients", key="show_gradients", help="W and ∂L/∂W for every layer")
    with cols[3]:
        _select(cfg, "init")
