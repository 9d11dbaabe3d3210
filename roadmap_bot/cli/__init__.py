"""The command line: click commands, the wiring of the real objects, doctor, Actions output."""
