"""goals models."""
