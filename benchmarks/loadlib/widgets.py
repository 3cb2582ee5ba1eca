"""The widget states a browser sends with every rerun, derived from the widget elements it drew.

Streamlit's frontend sends the current value of every widget on the page with each `rerun_script`
(a fragment run included), not only the one that changed. A student who only presses Play keeps
every widget at the value the server gave it: the element's value when it carries one
(`set_value`), else the value the widget already had, else its default. Buttons and component
events are triggers: they are sent once, with the rerun they cause, and never again.
"""

from __future__ import annotations

from google.protobuf.message import Message
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

VALUED_KINDS = (
    "selectbox",
    "radio",
    "slider",
    "button_group",
    "number_input",
    "text_input",
    "checkbox",
    "file_uploader",
)


class WidgetValues:
    """Every valued widget's state as the browser holds it, keyed by widget id."""

    def __init__(self) -> None:
        self.states: dict[str, WidgetState] = {}
        self.unknown: set[str] = set()  # widget kinds this emulation cannot value

    def update(self, kind: str, widget: Message) -> None:
        """A widget element arrived: take its value (or keep the one the browser had)."""
        widget_id = getattr(widget, "id", "")
        if not widget_id or kind in ("button", "bidi_component", "download_button"):
            return  # triggers, and components whose own state this app never sets
        if kind not in VALUED_KINDS:
            self.unknown.add(kind)
            return
        old = self.states.get(widget_id)
        if old is not None and not getattr(widget, "set_value", False):
            return
        state = _state(kind, widget, widget_id)
        if state is not None:
            self.states[widget_id] = state

    def keep_only(self, widget_ids: set[str]) -> None:
        """A whole-page run finished: widgets it did not draw leave the page and the state."""
        self.states = {key: state for key, state in self.states.items() if key in widget_ids}

    def proto(self) -> list[WidgetState]:
        """The states, in the order their widgets first appeared."""
        return list(self.states.values())


def _state(kind: str, widget: Message, widget_id: str) -> WidgetState | None:
    state = WidgetState(id=widget_id)
    use_value = bool(getattr(widget, "set_value", False))
    if kind in ("selectbox", "radio"):
        if use_value and widget.HasField("raw_value"):
            state.string_value = widget.raw_value
        elif widget.options and widget.HasField("default"):
            state.string_value = widget.options[widget.default]
        else:
            return None  # no option chosen: the browser sends nothing either
    elif kind == "slider":
        if widget.type == Slider.SELECT_SLIDER:
            labels = widget.raw_value if use_value and widget.raw_value else None
            state.string_array_value.data.extend(
                labels or [widget.options[int(index)] for index in widget.default]
            )
        else:
            state.double_array_value.data.extend(widget.value if use_value else widget.default)
    elif kind == "button_group":
        if use_value:
            state.string_array_value.data.extend(widget.raw_values)
        else:
            state.string_array_value.data.extend(
                widget.options[index].content for index in widget.default
            )
    elif kind == "number_input":
        number = widget.value if use_value else widget.default
        if widget.data_type == NumberInput.INT:
            state.int_value = int(number)
        else:
            state.double_value = number
    elif kind == "text_input":
        state.string_value = widget.value if use_value else widget.default
    elif kind == "checkbox":
        state.bool_value = widget.value if use_value else widget.default
    else:  # file_uploader: no file chosen
        state.file_uploader_state_value.SetInParent()
    return state
