"""The data layer: YAML with locations, records, the workspace; no kind, no award rule."""
