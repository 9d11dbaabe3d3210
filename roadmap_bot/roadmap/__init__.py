"""The roadmap: its model, the roadmap.yaml file (load, validate, dump) and item states."""
