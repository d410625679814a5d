"""enforcement models."""
