"""roadmap-bot: a learning roadmap kept in step with GitHub issues, milestones and a board."""
