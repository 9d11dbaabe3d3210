"""The Projects board: what each card should show, the plan, its executor, settings, ports."""
