"""Every lesson shows what its text claims when trained exactly as the app trains it."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from playground.config import Config
from playground.experiment import Experiment
from playground.lessons import view as lessons_view
from playground.lessons.catalog import DOCS_BASE_URL, DOCS_PATH, LESSONS, lesson, lessons_markdown

REPO = Path(__file__).resolve().parents[3]
BASE = "http://127.0.0.1:8601/"


def trained(cfg: Config, epochs: int) -> Experiment:
    """The app's experiment for a config after whole epochs of training."""
    experiment = Experiment(cfg)
    experiment.trainer.run_epochs(epochs)
    return experiment


def dead_fraction(experiment: Experiment) -> float:
    """Share of hidden neurons whose output is 0 for every training point."""
    trace = experiment.net.forward(experiment.X_train)
    dead = [np.all(a == 0.0, axis=0) for a in trace.a[:-1]]  # per layer (units,)
    return float(np.concatenate(dead).mean())


# --- the catalogue ------------------------------------------------------------------------------


def test_at_least_nine_lessons_with_unique_slugs():
    slugs = [item.slug for item in LESSONS]
    assert len(slugs) >= 9
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9-]+", slug) for slug in slugs)


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
def test_text_is_two_or_three_sentences(item):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", item.text.strip()) if s]
    assert 2 <= len(sentences) <= 3, sentences
    assert item.title and item.claim


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
def test_links_open_exactly_the_lesson_config(item):
    pairs = ((item.config, item.link(BASE)), (item.comparison(), item.contrast_link(BASE)))
    for cfg, link in pairs:
        if cfg is None:
            assert link is None
            continue
        assert link.startswith(BASE)
        assert Config.from_query(parse_qs(urlsplit(link).query)) == (cfg, [])


def test_lookup_by_slug():
    assert lesson("xor-line") is LESSONS[0]
    with pytest.raises(KeyError, match="xor-line"):
        lesson("no-such-lesson")


def test_docs_snippet_is_up_to_date():
    text = (REPO / DOCS_PATH).read_text(encoding="utf-8")
    assert text == lessons_markdown(DOCS_BASE_URL), "regenerate: python -m playground.lessons"
    for item in LESSONS:
        assert item.link(DOCS_BASE_URL) in text and item.text in text


# --- each lesson shows what it claims ----------------------------------------------------------


def test_xor_without_hidden_layer_stays_near_guessing():
    scores = trained(lesson("xor-line").config, 200).trainer.evaluate()
    assert 0.6 < scores["train_loss"] < 0.8  # ln 2 = 0.693 is the loss of a coin flip
    assert scores["train_accuracy"] < 0.75 and scores["test_accuracy"] < 0.75


def test_xor_with_one_hidden_layer_of_four_passes_95_percent():
    item = lesson("xor-hidden")
    assert item.config.layers == (4,) and item.contrast.layers == ()
    experiment = trained(item.config, 50)
    assert max(experiment.trainer.history.train_accuracy) > 0.95
    assert experiment.trainer.evaluate()["test_accuracy"] > 0.95


def test_circle_with_squared_features_needs_no_hidden_layer():
    item = lesson("circle-features")
    assert item.config.layers == () and set(item.config.features) == {"x1sq", "x2sq"}
    scores = trained(item.config, 50).trainer.evaluate()
    assert scores["train_accuracy"] > 0.95 and scores["test_accuracy"] > 0.95
    # the raw coordinates without a hidden layer cannot do it
    assert trained(item.contrast, 50).trainer.evaluate()["train_accuracy"] < 0.75


def test_spiral_deep_network_beats_one_layer_by_a_clear_margin():
    item = lesson("spiral-depth")
    deep = trained(item.config, 300).trainer.evaluate()
    shallow = trained(item.contrast, 300).trainer.evaluate()
    assert deep["train_accuracy"] > 0.95 and shallow["train_accuracy"] < 0.85
    assert deep["test_accuracy"] - shallow["test_accuracy"] > 0.2


def test_overfitting_and_l2_closing_the_gap():
    plain = trained(lesson("overfitting").config, 500).trainer.evaluate()
    l2_lesson = lesson("l2-regularization")
    assert l2_lesson.contrast == lesson("overfitting").config
    assert l2_lesson.config.reg == "l2" and l2_lesson.config.rate > 0
    regularized = trained(l2_lesson.config, 500).trainer.evaluate()
    plain_gap = plain["test_loss"] - plain["train_loss"]
    regularized_gap = regularized["test_loss"] - regularized["train_loss"]
    assert plain["train_loss"] < 0.05 and plain["test_loss"] > 0.5
    assert regularized_gap < 0.25 * plain_gap
    assert regularized["test_loss"] < 0.5 * plain["test_loss"]


def test_learning_rate_ten_diverges_and_small_rate_does_not():
    item = lesson("learning-rate")
    assert item.config.lr == 10 and item.contrast.lr == 0.03
    experiment = Experiment(item.config)
    trainer = experiment.trainer
    for _ in range(10):
        trainer.run_epochs(1)
    assert trainer.status == "diverged" and trainer.epoch < 10
    losses = trainer.history.train_loss
    assert losses[-1] > 1e6 * losses[0]  # the loss grew, it did not just jump once
    calm = trained(item.contrast, 50).trainer
    assert calm.status == "ok" and calm.evaluate()["train_loss"] < 0.01


def test_vanishing_gradients_in_deep_sigmoid_network():
    item = lesson("vanishing-gradients")
    assert len(item.config.layers) >= 5 and item.config.hidden_activations[0] == "sigmoid"
    experiment = trained(item.config, 20)
    norms = np.median(np.array(experiment.trainer.history.grad_norms), axis=0)  # (L,)
    assert norms[0] < 1e-3 * norms[-1]
    assert np.all(np.diff(norms) > 0)  # weaker at every layer further from the output
    last = experiment.trainer.last_grad_norms
    assert last[0] < 1e-3 * last[-1]
    tanh = trained(item.contrast, 20).trainer.history.grad_norms
    tanh_norms = np.median(np.array(tanh), axis=0)
    assert tanh_norms[0] > 0.1 * tanh_norms[-1]


def test_zero_init_keeps_the_neurons_of_a_layer_identical():
    item = lesson("zero-init")
    experiment = trained(item.config, 50)
    net = experiment.net
    for layer in range(len(item.config.layers)):
        weights = net.weights[layer]  # (fan_in, fan_out): one column per neuron
        np.testing.assert_allclose(weights, weights[:, :1] * np.ones_like(weights), atol=1e-12)
        np.testing.assert_allclose(net.biases[layer], net.biases[layer][0], atol=1e-12)
    assert np.abs(net.weights[1]).max() > 1e-3  # the weights did move, only together
    assert experiment.trainer.evaluate()["train_accuracy"] < 0.6
    random_start = trained(item.contrast, 50).net
    assert np.ptp(random_start.weights[0], axis=1).max() > 0.1


def test_dying_relu_with_large_learning_rate():
    item = lesson("dying-relu")
    experiment = trained(item.config, 20)
    assert experiment.trainer.status == "ok"
    assert dead_fraction(experiment) > 0.5
    assert dead_fraction(trained(item.contrast, 20)) < 0.15


# --- the tab ------------------------------------------------------------------------------------


def lessons_app():
    """The app's order of calls around the tab."""
    from playground import state
    from playground.lessons import view as lessons_view

    state.start_session()
    cfg = state.read_config()
    state.experiment(cfg)
    lessons_view.render(cfg)


@pytest.fixture
def app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(lessons_app, default_timeout=30)
    at.query_params["mode"] = "presenter"
    at.run()
    assert not at.exception
    return at


def pick(app, slug: str):
    """Pick a lesson in the tab's list (the tab shows one lesson at a time)."""
    return app.radio(key=lessons_view.PICK_KEY).set_value(slug).run()


def test_tab_lists_every_title_and_shows_the_picked_lesson_with_its_link(app):
    titles = app.radio(key=lessons_view.PICK_KEY)
    assert list(titles.options) == [item.title for item in LESSONS]
    for item in LESSONS:
        pick(app, item.slug)
        assert not app.exception
        shown = " ".join(block.value for block in app.markdown)
        # One clickable link, [text](target): the lesson's own link, and no other lesson's text.
        targets = re.findall(r"\]\((http[^)]+)\)", shown)
        assert len(targets) == 1 and targets[0].endswith(item.link("/")[1:])
        assert item.title in shown and item.text in shown and item.claim in shown
        others = [other for other in LESSONS if other is not item]
        assert not any(other.claim in shown for other in others)
        assert app.button(key=f"lessons_open_{item.slug}").label == "Open"
        has_compare = any(button.key == f"lessons_compare_{item.slug}" for button in app.button)
        assert has_compare == (item.comparison() is not None)


def test_a_stale_pick_falls_back_to_the_first_lesson():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(lessons_app, default_timeout=30)
    app.session_state[lessons_view.PICK_KEY] = "A lesson that is no more"  # a stale label
    app.run()
    assert not app.exception
    assert any(button.key == f"lessons_open_{LESSONS[0].slug}" for button in app.button)


def test_open_sets_the_lesson_keeps_presenter_mode_and_starts_untrained(app):
    overfit, regularized = lesson("overfitting"), lesson("l2-regularization")
    pick(app, "overfitting").button(key="lessons_open_overfitting").click().run()
    experiment = app.session_state["_experiment"]
    assert app.session_state["_config"] == overfit.config.replace(mode="presenter")
    experiment.trainer.run_epochs(2)
    # the L2 lesson differs only in hyperparameters: it must still start from fresh weights
    pick(app, "l2-regularization").button(key="lessons_open_l2-regularization").click().run()
    assert not app.exception
    assert app.session_state["_config"] == regularized.config.replace(mode="presenter")
    assert app.session_state["layers"] == "8,8,8" and app.session_state["reg"] == "l2"
    assert experiment.trainer.steps == 0 and experiment.trainer.rate == 0.03
    assert app.session_state["_playing"] is False


def test_compare_opens_both_runs_side_by_side(app):
    pick(app, "xor-hidden").button(key="lessons_compare_xor-hidden").click().run()
    item = lesson("xor-hidden")
    cfg = app.session_state["_config"]
    assert cfg == item.config.replace(mode="presenter", compare=(("layers", "0"),))
    # The second run is the contrast, exactly as if it were opened alone (display aside).
    second = app.session_state["_experiment_b"]
    assert second.cfg == item.contrast.replace(mode="presenter", speed=item.config.speed)


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
def test_a_comparison_differs_only_where_the_lesson_contrasts(item):
    comparison = item.comparison()
    if comparison is None or not comparison.compare:
        return  # no contrast, or one with other data: it opens on its own
    shown = ("speed", "test", "discrete", "hide", "mode")
    second = comparison.compared()
    for name in Config.FIELDS:
        if name not in shown + ("compare",):
            assert getattr(second, name) == getattr(item.contrast, name), name
