"""dashboard has no models: it reads the figure and alert registries."""
