"""What a client sent (every attempt counts) and how long it waited."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RequestStats:
    """What the client sent (every attempt counts) and how long it waited."""

    rest_reads: int = 0
    rest_writes: int = 0
    graphql_queries: int = 0
    graphql_mutations: int = 0
    retries: int = 0
    seconds_waited: float = 0.0

    @property
    def reads(self) -> int:
        return self.rest_reads + self.graphql_queries

    @property
    def writes(self) -> int:
        return self.rest_writes + self.graphql_mutations

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    def as_dict(self) -> dict[str, float]:
        return {
            "rest_reads": self.rest_reads,
            "rest_writes": self.rest_writes,
            "graphql_queries": self.graphql_queries,
            "graphql_mutations": self.graphql_mutations,
            "retries": self.retries,
            "seconds_waited": self.seconds_waited,
        }

    def count(self, *, write: bool, graphql: bool) -> None:
        """One request sent (every attempt counts)."""
        if graphql:
            if write:
                self.graphql_mutations += 1
            else:
                self.graphql_queries += 1
        elif write:
            self.rest_writes += 1
        else:
            self.rest_reads += 1
