"""The README: the checklist line grammar, import, render and tick, reconcile, progress."""
