"""indicators models."""
