"""The GraphQL documents the board is read and written with (githubapi/projects.py sends
them and reads the answers).

Reads: READ_BOARD_QUERY (the board's fields and the cards of the roadmap's issues, looked
up by node id, in one request), READ_CARDS_QUERY (more issues), FIELDS_QUERY,
FIND_BOARDS_QUERY. Writes: one mutation each, or many aliased mutations in
one request (batch_document). Every document is checked against GitHub's schema by the
fake GitHub of tests/ whenever it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from roadmap_bot.board.model import DIFFICULTY, IMPORTANCE, SECTION, STATUS

# nodes(ids:) takes at most 100 ids; a read asks for up to 5 such lists (each issue with up
# to 10 cards: about 5,500 nodes, far below GitHub's 500,000 a request).
IDS_PER_LIST = 100
ISSUES_PER_READ = 500
CARDS_PER_ISSUE = 10

FIELD_FRAGMENT = """
fragment BoardField on ProjectV2FieldConfiguration {
  ... on ProjectV2FieldCommon { id databaseId name dataType }
  ... on ProjectV2SingleSelectField { options { id name color description } }
}
"""
OPTION_VALUE_FRAGMENT = """
fragment OptionValue on ProjectV2ItemFieldValue {
  ... on ProjectV2ItemFieldSingleSelectValue { optionId name }
}
"""
# A card with the four values the bot reads, by field name (aliases: VALUE_ALIASES).
CARD_FRAGMENT = f"""
fragment Card on ProjectV2Item {{
  id
  project {{ id }}
  content {{ ... on Issue {{ id }} }}
  status: fieldValueByName(name: "{STATUS}") {{ ...OptionValue }}
  difficulty: fieldValueByName(name: "{DIFFICULTY}") {{ ...OptionValue }}
  importance: fieldValueByName(name: "{IMPORTANCE}") {{ ...OptionValue }}
  section: fieldValueByName(name: "{SECTION}") {{ ...OptionValue }}
}}
"""
VALUE_ALIASES = {"status": STATUS, "difficulty": DIFFICULTY, "importance": IMPORTANCE}
VALUE_ALIASES["section"] = SECTION

# The board and its fields (variables $login and $number): in READ_BOARD_QUERY, and in the
# first page of githubapi/snapshot.py's document.
BOARD_FIELDS = """  owner: repositoryOwner(login: $login) {
    __typename
    login
    ... on User { databaseId }
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        id
        title
        url
        fields(first: 100) { nodes { ...BoardField } }
      }
    }
  }
"""
READ_BOARD_QUERY = (
    "query RoadmapBoard($login: String!, $number: Int!VARIABLES) {\n"
    + BOARD_FIELDS
    + "SELECTIONS}\n"
    + FIELD_FRAGMENT
)
# Fragments the issue lists use (GraphQL refuses a document with an unused fragment).
CARDS_FRAGMENTS = CARD_FRAGMENT + OPTION_VALUE_FRAGMENT
# The rest of the issues, when there are more than ISSUES_PER_READ.
READ_CARDS_QUERY = "query RoadmapCards(VARIABLES) {\nSELECTIONS}\n" + CARDS_FRAGMENTS
# One list of issues (ALIAS: issues0, issues1...; its variable has the same name).
ISSUE_CARDS_SELECTION = (
    "  ALIAS: nodes(ids: $ALIAS) { ... on Issue { id "
    f"projectItems(first: {CARDS_PER_ISSUE}) {{ nodes {{ ...Card }} }} }} }}\n"
)
FIELDS_QUERY = (
    """
query RoadmapBoardFields($project: ID!) {
  node(id: $project) { ... on ProjectV2 { fields(first: 100) { nodes { ...BoardField } } } }
}
"""
    + FIELD_FRAGMENT
)
FIND_BOARDS_QUERY = """
query RoadmapFindBoard($login: String!, $title: String!, $owner: String!, $name: String!) {
  owner: repositoryOwner(login: $login) {
    __typename
    id
    ... on ProjectV2Owner {
      projectsV2(first: 100, query: $title) {
        nodes { id number title url repositories(first: 100) { nodes { id } } }
      }
    }
  }
  repository(owner: $owner, name: $name) { id }
}
"""
CREATE_BOARD_MUTATION = """
mutation RoadmapCreateBoard($input: CreateProjectV2Input!) {
  createProjectV2(input: $input) { projectV2 { id number title url } }
}
"""
LINK_BOARD_MUTATION = """
mutation RoadmapLinkBoard($input: LinkProjectV2ToRepositoryInput!) {
  linkProjectV2ToRepository(input: $input) { repository { id } }
}
"""
REPLACE_OPTIONS_MUTATION = (
    """
mutation RoadmapFieldOptions($input: UpdateProjectV2FieldInput!) {
  updateProjectV2Field(input: $input) { projectV2Field { ...BoardField } }
}
"""
    + FIELD_FRAGMENT
)
# Batched mutations: one selection per alias (ALIAS: f0, a0, v0, c0...), its input in the
# variable of the same name.
CREATE_FIELD_SELECTION = (
    "  ALIAS: createProjectV2Field(input: $ALIAS) { projectV2Field { ...BoardField } }\n"
)
ADD_CARD_SELECTION = "  ALIAS: addProjectV2ItemById(input: $ALIAS) { item { ...Card } }\n"
SET_VALUE_SELECTION = (
    "  ALIAS: updateProjectV2ItemFieldValue(input: $ALIAS) { projectV2Item { id } }\n"
)
CLEAR_VALUE_SELECTION = (
    "  ALIAS: clearProjectV2ItemFieldValue(input: $ALIAS) { projectV2Item { id } }\n"
)


def batch_document(name: str, parts: Sequence[tuple[str, str, str]], fragments: str = "") -> str:
    """A mutation of many aliased fields: ``parts`` are (alias, input type, selection
    template), each alias's input in the variable of the same name."""
    declared = ", ".join(f"${alias}: {input_type}" for alias, input_type, _s in parts)
    body = "".join(selection.replace("ALIAS", alias) for alias, _t, selection in parts)
    return f"mutation {name}({declared}) {{\n{body}}}\n{fragments}"
