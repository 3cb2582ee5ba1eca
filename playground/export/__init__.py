"""Export and import: settings, weights, data, history and a standalone training script."""
