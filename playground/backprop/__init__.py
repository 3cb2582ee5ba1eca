"""The "Backprop step by step" explainer: one training point through the live network and back."""
