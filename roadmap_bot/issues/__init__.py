"""The issues: which issue is which item, the plan, its executor, labels, bodies and ports."""
