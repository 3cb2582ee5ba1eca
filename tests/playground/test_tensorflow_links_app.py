"""TensorFlow Playground links in the running app: ?tfp= and the paste box, with their notices."""

from __future__ import annotations

from app_session import live_scene, open_app

LINK = (
    "https://playground.tensorflow.org/#activation=relu&batchSize=20&dataset=spiral"
    "&regDataset=reg-plane&learningRate=0.05&regularizationRate=0.001&noise=10"
    "&networkShape=5,3&seed=0.48291&showTestData=true&discretize=false&percTrainData=60"
    "&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=true"
    "&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false"
    "&hideText=false&stepButton_hide=true&numNodes2_hide=true&learningRate_hide=true"
)


def _keys(at) -> set:
    return {getattr(widget, "key", None) for widget in at.main}


def test_a_tfp_parameter_opens_that_experiment_and_rewrites_the_url_in_our_terms() -> None:
    at = open_app({"tfp": LINK.split("#", 1)[1]})
    assert not at.exception
    cfg = at.session_state["_experiment"].cfg
    assert (cfg.dataset, cfg.layers, cfg.activation, cfg.batch) == ("spiral", (5, 3), ("relu",), 20)
    assert cfg.features == ("x1", "x2", "sinx1") and cfg.train == 60 and cfg.test
    assert cfg.seed == 48291 and cfg.hide == ("lr", "step", "neurons2")
    notices = " ".join(warning.value for warning in at.warning).replace("\\", "")
    assert "learningRate=0.05" in notices and "0.03" in notices  # moved to an offered rate
    assert "tfp" not in at.query_params and at.query_params["dataset"] == "spiral"
    keys = _keys(at)
    assert "lr" not in keys and "step" not in keys and "step_epoch" not in keys
    assert "add_neuron_0" in keys and "add_neuron_1" not in keys  # layer 2's +/- are hidden
    assert live_scene(at)["sizes"] == [3, 5, 3, 1]


def test_an_unencoded_tfp_link_split_by_the_url_is_read_whole() -> None:
    # ?tfp=activation=relu&networkShape=2 arrives as two URL parameters.
    at = open_app({"tfp": "activation=sigmoid", "networkShape": "2", "mode": "presenter"})
    cfg = at.session_state["_experiment"].cfg
    assert (cfg.activation, cfg.layers, cfg.mode) == (("sigmoid",), (2,), "presenter")
    assert not at.exception


def test_the_paste_box_opens_a_link_from_fresh_weights_and_keeps_the_page_mode() -> None:
    at = open_app({"mode": "presenter"})
    at.button(key="step_epoch").click().run()
    at.text_input(key="tfp_link").set_value(LINK.replace("&", "&amp;")).run()  # copied from HTML
    at.button(key="tfp_open").click().run()
    assert not at.exception
    experiment = at.session_state["_experiment"]
    assert experiment.cfg.dataset == "spiral" and experiment.cfg.mode == "presenter"
    assert experiment.trainer.steps == 0
    assert at.text_input(key="tfp_link").value == ""
    assert any("learningRate" in warning.value for warning in at.warning)


def test_a_garbage_link_changes_nothing_it_cannot_read_and_says_so() -> None:
    at = open_app()
    at.text_input(key="tfp_link").set_value("not a link at all \u0000 <script>").run()
    at.button(key="tfp_open").click().run()
    assert not at.exception
    assert at.session_state["_experiment"].cfg.dataset == "circle"
    assert at.warning  # the notice says what could not be read
