"""The jobs: sync, the README step, the board step and events, composed on ports only."""
