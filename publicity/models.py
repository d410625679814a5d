"""publicity models."""
