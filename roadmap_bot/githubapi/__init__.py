"""The only place that talks to GitHub: the client (transport, throttling, retries), its
errors, the REST resources of one repository, the board through GraphQL, and the adapters
that implement the stages' ports."""
