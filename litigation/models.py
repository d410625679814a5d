"""litigation models."""
