"""District-scale synthetic data, one module per app (see bench/generate.py).

Each module has `generate(ctx)`; ctx carries the organizations and their
departments, communities, grids and users (filled in by `gen.accounts`), the
years to fill, the seed and the scale. Rows go in with bulk_create through the
apps' own models, with values that satisfy their constraints and clean() rules;
serial numbers come from the apps' own counters.
"""
