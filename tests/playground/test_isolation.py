"""Two students on one server: what one uploads, changes or trains never reaches the other.

Both AppTest sessions run in this one process, like two browser tabs on one Streamlit server, so a
module-level cache or a shared object would leak between them here too.
"""

from __future__ import annotations

import numpy as np
from app_session import open_app
from streamlit.testing.v1 import AppTest

from playground.config import Config
from playground.experiment import Experiment
from playground.state import widget_values

# Three classes in a triangle: nothing like the default circle.
STUDENT_CSV = b"x1,x2,fruit\n" + b"".join(
    f"{x},{y},{name}\n".encode()
    for index in range(60)
    for x, y, name in [(index % 10, index // 10, ("apple", "fig", "pear")[index % 3])]
)


def new_session() -> AppTest:
    at = open_app()
    assert not at.exception
    return at


def experiment(at: AppTest) -> Experiment:
    return at.session_state["_experiment"]


def assert_untouched(at: AppTest) -> None:
    """Default controls, default data and the seed's initial weights, never trained."""
    for key, value in widget_values(Config()).items():
        assert at.session_state[key] == value, key
    mine = experiment(at)
    fresh = Experiment(Config())
    assert mine.dataset.name == "circle" and mine.task == "binary"
    np.testing.assert_array_equal(mine.dataset.X, fresh.dataset.X)
    for own, initial in zip(mine.net.weights, fresh.net.weights, strict=True):
        np.testing.assert_array_equal(np.asarray(own), np.asarray(initial))
    assert mine.trainer.steps == 0
    assert at.session_state["_playing"] is False
    assert "_uploaded_dataset" not in at.session_state
    assert not at.warning and not at.error


def test_an_upload_settings_and_training_stay_in_their_session():
    student, neighbour = new_session(), new_session()

    student.file_uploader(key="upload").set_value(("fruit.csv", STUDENT_CSV, "text/csv")).run()
    student.select_slider(key="lr").set_value(0.3).run()
    student.text_input(key="layers").set_value("6,5").run()
    student.button(key="step_epoch").click().run()
    student.button(key="play").click().run()
    student.run()  # a training tick
    assert not student.exception
    assert experiment(student).task == "multiclass"
    assert experiment(student).dataset.class_names == ("apple", "fig", "pear")
    assert experiment(student).net.sizes == (2, 6, 5, 3)
    assert experiment(student).trainer.steps > 0

    neighbour.run()
    assert_untouched(neighbour)
    assert experiment(neighbour) is not experiment(student)


def test_sessions_train_independently_and_reproducibly():
    first, second = new_session(), new_session()
    for _ in range(3):
        first.button(key="step_epoch").click().run()
    second.button(key="step_epoch").click().run()

    alone = Experiment(Config())
    alone.trainer.run_epochs(1)
    # The second session's one epoch is exactly what one epoch from the same seed gives, although
    # the first session trained in between on the same server.
    for own, expected in zip(experiment(second).net.weights, alone.net.weights, strict=True):
        np.testing.assert_allclose(np.asarray(own), np.asarray(expected))
    assert experiment(first).trainer.epoch == 3
    assert experiment(second).trainer.epoch == 1


def test_a_link_opened_in_one_session_does_not_change_another():
    linked = open_app({"dataset": "spiral", "layers": "8,8", "seed": "42"})
    plain = new_session()
    assert experiment(linked).dataset.name == "spiral"
    assert_untouched(plain)
