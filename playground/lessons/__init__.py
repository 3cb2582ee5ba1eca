"""Ready-made lessons: a link and a few sentences each, and the tab that opens them."""
