"""disputes models."""
