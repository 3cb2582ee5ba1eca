"""Ready-made lessons: a config that shows one idea, a few sentences about it and what to expect."""

from __future__ import annotations

from dataclasses import dataclass

from playground.config import FIELDS, Config, compare
from playground.config.compare import COMPARABLE
from playground.config.parsing import format_value

# The README links docs/lessons.md; its links point at a locally started app.
DOCS_BASE_URL = "http://localhost:8501/"
DOCS_PATH = "docs/lessons.md"


@dataclass(frozen=True)
class Lesson:
    """One lesson: its URL-safe name, title, 2-3 sentences, the config and the observable claim."""

    slug: str
    title: str
    text: str
    config: Config
    claim: str
    contrast: Config | None = None  # the comparison the text asks for, one click away

    def link(self, base: str) -> str:
        """The shareable link that opens this lesson's config."""
        return self.config.share_url(base)

    def comparison(self) -> Config | None:
        """What "Compare with" opens: both runs side by side when they differ only in the
        network or its training, else the contrasting config on its own."""
        if self.contrast is None:
            return None
        shown = ("speed", "test", "discrete", "hide", "mode")  # how it is shown, not the run
        differ = [
            name
            for name in FIELDS
            if name not in shown and getattr(self.config, name) != getattr(self.contrast, name)
        ]
        if not set(differ) <= set(COMPARABLE):
            return self.contrast
        text = ",".join(
            f"{name}:{format_value(FIELDS[name], getattr(self.contrast, name))}" for name in differ
        )
        pairs, _ = compare.parse(text, self.config.layers)
        return self.config.replace(compare=pairs)

    def contrast_link(self, base: str) -> str | None:
        """The link "Compare with" opens, if the lesson has one."""
        comparison = self.comparison()
        return None if comparison is None else comparison.share_url(base)


_XOR_LINE = Config(dataset="xor", layers=(), lr=0.1, speed=5)
_OVERFIT = Config(
    dataset="moons",
    noise=50,
    train=10,
    layers=(8, 8, 8),
    optimizer="adam",
    lr=0.01,
    test=True,
    speed=5,
)
_VANISHING = Config(dataset="circle", layers=(8,) * 6, activation=("sigmoid",), speed=5)
_ZEROS = Config(dataset="circle", layers=(4, 4), activation=("sigmoid",), lr=0.3, init="zeros")
_DYING = Config(dataset="circle", layers=(8, 8, 8), activation=("relu",), lr=3.0)
_SPIRAL = Config(dataset="spiral", layers=(8, 8, 8), optimizer="adam", lr=0.01, speed=25)

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        slug="xor-line",
        title="A straight line cannot separate XOR",
        text=(
            "With no hidden layer the network is a single neuron, and its boundary is one "
            "straight line. XOR puts each class in two opposite corners, so no line can split "
            "them: press Play and watch the boundary turn without ever fitting."
        ),
        config=_XOR_LINE,
        claim="The loss stays near 0.69 (the cost of guessing) and accuracy stays below 75 %.",
    ),
    Lesson(
        slug="xor-hidden",
        title="One hidden layer solves XOR",
        text=(
            "Add one hidden layer of four neurons: each draws its own line, and the output "
            "neuron combines them into a boundary that bends around the corners. Only the hidden "
            "layer differs from the previous lesson."
        ),
        config=_XOR_LINE.with_layers((4,)),
        claim="Accuracy passes 95 % within 50 epochs.",
        contrast=_XOR_LINE,
    ),
    Lesson(
        slug="circle-features",
        title="The right features make the circle linear",
        text=(
            "In x₁ and x₂ the circle is not linearly separable, but in x₁² and x₂² the inner "
            "class is simply where x₁² + x₂² is small. With these two features a network "
            "without any hidden layer draws the circle."
        ),
        config=Config(dataset="circle", features=("x1sq", "x2sq"), layers=()),
        claim="Accuracy passes 95 % within 50 epochs, with no hidden layer at all.",
        contrast=Config(dataset="circle", layers=()),
    ),
    Lesson(
        slug="spiral-depth",
        title="The spiral needs depth",
        text=(
            "Three hidden layers of eight neurons untangle the two spirals, while one hidden "
            "layer of eight does not in the same time. Every layer bends the plane once more, "
            "so stacking layers builds shapes a single layer cannot reach."
        ),
        config=_SPIRAL,
        claim=(
            "After 300 epochs the deep network is above 95 % accurate; one layer of 8 stays "
            "below 85 %."
        ),
        contrast=_SPIRAL.with_layers((8,)),
    ),
    Lesson(
        slug="overfitting",
        title="Overfitting: a big network learns the noise",
        text=(
            "Only 50 noisy training points and three layers of eight neurons: the network has "
            "enough freedom to wrap its boundary around every single training point. The "
            "training loss goes to zero while the test loss climbs, because it learned the "
            "noise rather than the moons."
        ),
        config=_OVERFIT,
        claim="After 500 epochs the training loss is below 0.05 and the test loss above 0.5.",
    ),
    Lesson(
        slug="l2-regularization",
        title="L2 regularization against overfitting",
        text=(
            "The same data and network, now with an L2 penalty that pulls every weight towards "
            "zero. The boundary stays smooth, the training loss no longer reaches zero, and the "
            "test loss stays close to it."
        ),
        config=_OVERFIT.replace(reg="l2", rate=0.03),
        claim=(
            "The gap between test and training loss shrinks to under a quarter of the gap "
            "without L2."
        ),
        contrast=_OVERFIT,
    ),
    Lesson(
        slug="learning-rate",
        title="A learning rate too high diverges",
        text=(
            "Each step moves the weights by the learning rate times the gradient. At 10 every "
            "step overshoots the minimum by more than it gains, the loss grows until it is "
            "infinite and training stops. Try 0.03 instead."
        ),
        config=Config(dataset="plane", lr=10.0),
        claim="Training stops as diverged within 10 epochs; at 0.03 the loss falls below 0.01.",
        contrast=Config(dataset="plane"),
    ),
    Lesson(
        slug="vanishing-gradients",
        title="Vanishing gradients in a deep sigmoid network",
        text=(
            "Backpropagation multiplies by the sigmoid's slope, at most 0.25, once per layer. "
            "After six sigmoid layers the gradient that reaches the first layer is tiny, so the "
            "first layers barely learn: watch the layer gradient norms, then try tanh."
        ),
        config=_VANISHING,
        claim="The first layer's gradient norm is over 1000 times smaller than the last layer's.",
        contrast=_VANISHING.replace(activation=("tanh",)),
    ),
    Lesson(
        slug="zero-init",
        title="Zero initialization never breaks symmetry",
        text=(
            "When every weight starts at zero, all neurons of a layer compute the same output and "
            "receive the same gradient, so they stay identical forever. The layer acts like one "
            "neuron and cannot learn the circle; random initial weights break the symmetry."
        ),
        config=_ZEROS,
        claim="After training, all neurons of each layer still have identical weights.",
        contrast=_ZEROS.replace(init="auto"),
    ),
    Lesson(
        slug="dying-relu",
        title="Dying ReLUs with a large learning rate",
        text=(
            "A ReLU whose input is negative for every point outputs 0 and gets no gradient, so "
            "it never recovers. Large steps with a learning rate of 3 push many neurons into "
            "that state and their maps in the diagram go flat; compare with 0.03."
        ),
        config=_DYING,
        claim="More than half of the hidden neurons output 0 for every training point.",
        contrast=_DYING.replace(lr=0.03),
    ),
)


def lesson(slug: str) -> Lesson:
    """The lesson with this slug; KeyError names the known ones."""
    for candidate in LESSONS:
        if candidate.slug == slug:
            return candidate
    raise KeyError(f"no lesson {slug!r}; known: {', '.join(item.slug for item in LESSONS)}")


def lessons_markdown(base_url: str) -> str:
    """The lesson list as Markdown: title, text, what to expect and the links, per lesson."""
    lines = [
        "# Lessons",
        "",
        "Each link opens the playground with the lesson's data and network; press Play.",
        "",
    ]
    for number, item in enumerate(LESSONS, start=1):
        lines += [f"## {number}. {item.title}", "", item.text, ""]
        lines += [f"*You should see:* {item.claim}", "", f"- Open: <{item.link(base_url)}>"]
        contrast = item.contrast_link(base_url)
        if contrast is not None:
            lines.append(f"- Compare with: <{contrast}>")
        lines.append("")
    return "\n".join(lines)
