"""Projects (v2) boards of the fake GitHub, reached through GraphQL.

Set up a board from a test::

    from fakegithub.projects import add_project
    board = add_project(fake.state, "octo", title="Roadmap")           # user-owned, number 1
    org_board = add_project(fake.state, "acme", collaborators={"octo": "write"})  # acme: an org
    board.field("Status").options                                     # default fields exist

Access rules (GitHub's):
- a workflow's repository GITHUB_TOKEN (``is_actions_token``) cannot reach any board:
  FORBIDDEN "Resource not accessible by integration";
- a classic PAT (``scopes`` given) needs ``read:project`` to read and ``project`` to write,
  else INSUFFICIENT_SCOPES;
- the token's user must be the board's owner or a collaborator (read/write/admin); a board
  it cannot read does not exist for it (NOT_FOUND).

Queries: ``user``/``organization``/``repositoryOwner`` ``projectV2(number:)`` and
``projectsV2(query:)``; a board's fields, items, values and linked repositories; an
issue's ``projectItems``.

Mutations: createProjectV2 (linked to ``repositoryId`` when given), updateProjectV2 (title,
readme, short description, public, closed), linkProjectV2ToRepository,
addProjectV2ItemById (idempotent: an issue already on the board gives its item),
updateProjectV2ItemFieldValue, clearProjectV2ItemFieldValue, deleteProjectV2Item,
createProjectV2Field, updateProjectV2Field (``singleSelectOptions`` overwrite the whole option
list: an option sent with its ``id`` keeps its identity and its values; every other option
gets a new id and item values on a dropped option are cleared, unless the board's
``keep_option_ids_by_name`` is set, then options whose name stays keep their id and value),
and createIssue(projectV2Ids:). ``board.fail_next(mutation, type)`` makes single mutations of a
batch fail (the rest act). The REST Projects operations of the subset are not implemented
(they answer 501 and record an ``unimplemented`` violation).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from . import graphql as g
from .graphql import GqlCtx, GqlError, attr_fields, connection, not_found, resolver
from .state import Issue, Repository, State, Token, User

DEFAULT_FIELDS = [
    ("Title", "TITLE"),
    ("Assignees", "ASSIGNEES"),
    ("Status", "SINGLE_SELECT"),
    ("Labels", "LABELS"),
    ("Linked pull requests", "LINKED_PULL_REQUESTS"),
    ("Milestone", "MILESTONE"),
    ("Repository", "REPOSITORY"),
    ("Reviewers", "REVIEWERS"),
    ("Parent issue", "PARENT_ISSUE"),
    ("Sub-issues progress", "SUB_ISSUES_PROGRESS"),
]
DEFAULT_STATUS = [("Todo", "GREEN"), ("In Progress", "YELLOW"), ("Done", "PURPLE")]
CUSTOM_TYPES = {"TEXT", "NUMBER", "DATE", "SINGLE_SELECT", "ITERATION"}
_INJECTED_MESSAGES = {
    "NOT_FOUND": "Could not resolve to a node with the global id of 'PVTI_injected'",
    "UNPROCESSABLE": "The item could not be updated (injected)",
    "FORBIDDEN": "Resource not accessible by personal access token",
    "RATE_LIMITED": "was submitted too quickly",
}


# --------------------------------------------------------------------------- model


@dataclass(eq=False)
class Option:
    id: str  # 8 hex digits, as GitHub's option ids
    name: str
    color: str = "GRAY"
    description: str = ""


@dataclass(eq=False)
class Field:
    id: int
    node_id: str
    project: Project
    name: str
    data_type: str
    options: list[Option] = dc_field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""

    @property
    def GQL_TYPE(self) -> str:
        return {
            "SINGLE_SELECT": "ProjectV2SingleSelectField",
            "ITERATION": "ProjectV2IterationField",
        }.get(self.data_type, "ProjectV2Field")

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(eq=False)
class Item:
    id: int
    node_id: str
    project: Project
    content: Issue
    created_at: str
    updated_at: str
    creator: User | None = None
    archived: bool = False
    values: dict[Field, Any] = dc_field(default_factory=dict)  # Option | str | float
    GQL_TYPE = "ProjectV2Item"

    def value_of(self, name: str) -> Any:
        """The value of the field ``name`` (an option's name for a single select)."""
        for f, v in self.values.items():
            if f.name.lower() == name.lower():
                return v.name if isinstance(v, Option) else v
        return None


@dataclass(eq=False, repr=False)
class Project:
    """A board. Its repr is short: the default one walks every card, issue and repository
    and, on a failing test, exhausts memory."""

    id: int
    node_id: str
    owner: User
    number: int
    title: str
    created_at: str
    updated_at: str
    public: bool = False
    closed: bool = False
    readme: str | None = None
    short_description: str | None = None
    collaborators: dict[str, str] = dc_field(default_factory=dict)  # login (lower) -> permission
    fields: list[Field] = dc_field(default_factory=list)
    items: list[Item] = dc_field(default_factory=list)
    keep_option_ids_by_name: bool = False
    repositories: list[Repository] = dc_field(default_factory=list)  # linked
    # Failures to inject into single mutations of a batch, in order: (mutation field name,
    # GraphQL error type); each is raised once, instead of acting (see fail_next()).
    failures: list[tuple[str, str]] = dc_field(default_factory=list)
    GQL_TYPE = "ProjectV2"

    def __repr__(self) -> str:
        return f"<Project {self.owner.login}/{self.number} {self.title!r}, {len(self.items)} cards>"

    def fail_next(self, mutation: str, error_type: str = "NOT_FOUND", times: int = 1) -> None:
        """Make the next ``times`` ``mutation`` fields on this board fail with
        ``error_type`` (the other mutations of the same request still act: a 200 answer
        with partial ``errors``, as GitHub gives)."""
        self.failures.extend([(mutation, error_type)] * times)

    def take_failure(self, mutation: str) -> None:
        for index, (name, error_type) in enumerate(self.failures):
            if name == mutation:
                del self.failures[index]
                raise GqlError(error_type, _INJECTED_MESSAGES.get(error_type, "Injected failure"))

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name.lower() == name.lower()), None)

    def item_for(self, content: Issue) -> Item | None:
        return next((i for i in self.items if i.content is content), None)


@dataclass
class Boards:
    projects: list[Project] = dc_field(default_factory=list)
    option_counter: int = 0

    def of(self, owner: User) -> list[Project]:
        return [p for p in self.projects if p.owner is owner]


def boards(state: State) -> Boards:
    return state.extensions.setdefault("projects", Boards())


def _option_id(state: State) -> str:
    b = boards(state)
    b.option_counter += 1
    return hashlib.sha1(f"option:{b.option_counter}".encode()).hexdigest()[:8]


def _new_field(state: State, project: Project, name: str, data_type: str, options=()) -> Field:
    fid = state.new_id()
    prefix = {"SINGLE_SELECT": "PVTSSF", "ITERATION": "PVTIF"}.get(data_type, "PVTF")
    now = state.clock.tick()
    f = Field(
        fid,
        f"{prefix}_lAHOFAKE{fid}",
        project,
        name,
        data_type,
        [Option(_option_id(state), n, c, d) for n, c, d in options],
        now,
        now,
    )
    project.fields.append(f)
    return state.register(f)


def add_project(
    state: State,
    owner: str,
    *,
    title: str = "Roadmap",
    number: int | None = None,
    public: bool = False,
    collaborators: dict[str, str] | None = None,
    keep_option_ids_by_name: bool = False,
) -> Project:
    """Create a board owned by the user or organization ``owner`` (created as a user if
    unknown), with GitHub's default fields (Title, Assignees, Status with Todo/In
    Progress/Done, Labels, ...)."""
    with state.lock:
        user = state.users.get(owner.lower()) or state.add_user(owner)
        existing = boards(state).of(user)
        pid = state.new_id()
        now = state.clock.tick()
        project = Project(
            pid,
            f"PVT_kwHOFAKE{pid}",
            user,
            number if number is not None else len(existing) + 1,
            title,
            now,
            now,
            public=public,
            collaborators={k.lower(): v for k, v in (collaborators or {}).items()},
            keep_option_ids_by_name=keep_option_ids_by_name,
        )
        boards(state).projects.append(project)
        state.register(project)
        for name, data_type in DEFAULT_FIELDS:
            opts = [(n, c, "") for n, c in DEFAULT_STATUS] if name == "Status" else ()
            _new_field(state, project, name, data_type, opts)
        return project


# --------------------------------------------------------------------------- access


def _permission(project: Project, user: User) -> str:
    if user is project.owner:
        return "admin"
    return project.collaborators.get(user.login.lower(), "read" if project.public else "none")


def check_access(ctx: GqlCtx, project: Project | None, need: str = "read") -> None:
    """Raise GitHub's error when the token may not ``need`` (read/write) the board."""
    token: Token | None = ctx.token
    if token is None:
        raise GqlError("FORBIDDEN", "This endpoint requires you to be authenticated.")
    if token.is_actions_token:
        raise GqlError("FORBIDDEN", "Resource not accessible by integration")
    if token.scopes is not None:
        wanted = "project" if need == "write" else "read:project"
        if not token.has_scope(wanted):
            raise GqlError(
                "INSUFFICIENT_SCOPES",
                f"Your token has not been granted the required scopes to execute this query. "
                f"The 'projectV2' field requires one of the following scopes: ['{wanted}'], "
                f"but your token has only been granted the: "
                f"{sorted(token.scopes)!r} scopes. Please modify your token's scopes at: "
                "https://github.com/settings/tokens.",
            )
    if project is None:
        return
    perm = _permission(project, token.user)
    if perm == "none":
        raise not_found(f"Could not resolve to a ProjectV2 with the number {project.number}.")
    if need == "write" and perm == "read":
        raise GqlError(
            "FORBIDDEN",
            f"{token.user.login} does not have permission to update the project '{project.title}'.",
        )


def _visible(ctx: GqlCtx, obj: Any) -> bool:
    project = obj if isinstance(obj, Project) else obj.project
    try:
        check_access(ctx, project)
    except GqlError:
        return False
    return True


for _type in (
    "ProjectV2",
    "ProjectV2Item",
    "ProjectV2Field",
    "ProjectV2SingleSelectField",
    "ProjectV2IterationField",
):
    g.VISIBILITY[_type] = _visible


def _project_node(ctx: GqlCtx, node_id: str, need: str) -> Project:
    obj = ctx.state.nodes.get(node_id)
    if not isinstance(obj, Project):
        raise not_found(f"Could not resolve to a node with the global id of '{node_id}'")
    check_access(ctx, obj, need)
    return obj


# --------------------------------------------------------------------------- queries


def _owner_project(owner: User, info: Any, number: int) -> Project | None:
    ctx: GqlCtx = info.context
    check_access(ctx, None)
    project = next((p for p in boards(ctx.state).of(owner) if p.number == number), None)
    if project is None:
        raise not_found(f"Could not resolve to a ProjectV2 with the number {number}.")
    check_access(ctx, project)
    return project


def _owner_projects(owner: User, info: Any, **args: Any) -> dict:
    ctx: GqlCtx = info.context
    check_access(ctx, None)
    items = [p for p in boards(ctx.state).of(owner) if _visible(ctx, p)]
    if args.get("query"):
        items = [p for p in items if args["query"].lower() in p.title.lower()]
    return connection(items, info, args)


for _owner_type in ("User", "Organization"):
    resolver(_owner_type, "projectV2")(_owner_project)
    resolver(_owner_type, "projectsV2")(_owner_projects)


@resolver("Query", "repositoryOwner")
def _repository_owner(_root: Any, info: Any, login: str) -> User | None:
    """A user or an organization by login; null (no error) when there is none, as GitHub."""
    owner = info.context.state.users.get(login.lower())
    if owner is None or owner.type not in ("User", "Organization"):
        return None
    return owner


@resolver("ProjectV2", "repositories")
def _project_repositories(p: Project, info: Any, **args: Any) -> dict:
    ctx: GqlCtx = info.context
    repos = [r for r in p.repositories if ctx.state.can_see(r, ctx.token)]
    return connection(repos, info, args)


def _url(p: Project, web: str) -> str:
    kind = "orgs" if p.owner.type == "Organization" else "users"
    return f"{web}/{kind}/{p.owner.login}/projects/{p.number}"


attr_fields(
    "ProjectV2",
    {
        "id": "node_id",
        "databaseId": "id",
        "number": "number",
        "title": "title",
        "owner": "owner",
        "public": "public",
        "closed": "closed",
        "closedAt": lambda p: None,
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "shortDescription": "short_description",
        "readme": "readme",
        "template": lambda p: False,
    },
)
resolver("ProjectV2", "url")(lambda p, info: _url(p, info.context.web))
resolver("ProjectV2", "resourcePath")(lambda p, info: _url(p, ""))
resolver("ProjectV2", "fields")(lambda p, info, **a: connection(list(p.fields), info, a))
resolver("ProjectV2", "field")(lambda p, _info, name: p.field(name))
resolver("ProjectV2", "items")(lambda p, info, **a: connection(list(p.items), info, a))
resolver("ProjectV2", "viewerCanUpdate")(
    lambda p, info: _permission(p, info.context.token.user) in ("write", "admin")
)


@resolver("Issue", "projectItems")
def _issue_project_items(issue: Issue, info: Any, **args: Any) -> dict:
    ctx: GqlCtx = info.context
    items = [
        i
        for p in boards(ctx.state).projects
        for i in p.items
        if i.content is issue
        and _visible(ctx, p)
        and (args.get("includeArchived", True) or not i.archived)
    ]
    return connection(items, info, args)


_FIELD_COMMON = {
    "id": "node_id",
    "databaseId": "id",
    "name": "name",
    "dataType": "data_type",
    "project": "project",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}
for _ftype in ("ProjectV2Field", "ProjectV2SingleSelectField", "ProjectV2IterationField"):
    attr_fields(_ftype, _FIELD_COMMON)


@resolver("ProjectV2SingleSelectField", "options")
def _options(f: Field, _info: Any, names: list[str] | None = None) -> list[dict]:
    opts = f.options if names is None else [o for o in f.options if o.name in names]
    return [_option_json(o) for o in opts]


def _option_json(o: Option) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "nameHTML": o.name,
        "color": o.color,
        "description": o.description,
        "descriptionHTML": o.description,
    }


attr_fields(
    "ProjectV2Item",
    {
        "id": "node_id",
        "databaseId": "id",
        "fullDatabaseId": lambda i: str(i.id),
        "content": "content",
        "project": "project",
        "isArchived": "archived",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "creator": "creator",
        "type": lambda i: "ISSUE",
    },
)


def _value_json(item: Item, f: Field, value: Any) -> dict[str, Any]:
    common = {
        "id": f"PVTFV_lQHOFAKE{item.id}_{f.id}",
        "databaseId": item.id * 1000 + f.id % 1000,
        "field": f,
        "item": item,
        "createdAt": item.updated_at,
        "updatedAt": item.updated_at,
        "creator": item.creator,
    }
    if isinstance(value, Option):
        return {
            "__typename": "ProjectV2ItemFieldSingleSelectValue",
            **common,
            "optionId": value.id,
            "name": value.name,
            "nameHTML": value.name,
            "color": value.color,
            "description": value.description,
            "descriptionHTML": value.description,
        }
    if f.data_type in ("TEXT", "TITLE"):
        return {"__typename": "ProjectV2ItemFieldTextValue", **common, "text": value}
    if f.data_type == "NUMBER":
        return {"__typename": "ProjectV2ItemFieldNumberValue", **common, "number": value}
    if f.data_type == "DATE":
        return {"__typename": "ProjectV2ItemFieldDateValue", **common, "date": value}
    raise g.Unimplemented(f"fakegithub does not implement values of {f.data_type} fields")


def _values(item: Item) -> list[dict[str, Any]]:
    out = []
    title = item.project.field("Title")
    if title is not None:
        out.append(_value_json(item, title, item.content.title))
    for f in item.project.fields:
        if f in item.values:
            out.append(_value_json(item, f, item.values[f]))
    return out


resolver("ProjectV2Item", "fieldValues")(lambda i, info, **a: connection(_values(i), info, a))


@resolver("ProjectV2Item", "fieldValueByName")
def _value_by_name(item: Item, _info: Any, name: str) -> dict | None:
    for v in _values(item):
        if v["field"].name.lower() == name.lower():
            return v
    return None


# --------------------------------------------------------------------------- mutations


def _add_item(ctx: GqlCtx, project: Project, content: Issue) -> Item:
    existing = project.item_for(content)
    if existing is not None:
        return existing
    iid = ctx.state.new_id()
    now = ctx.state.clock.tick()
    item = Item(iid, f"PVTI_lAHOFAKE{iid}", project, content, now, now, ctx.token.user)
    project.items.append(item)
    project.updated_at = now
    return ctx.state.register(item)


@resolver("Mutation", "addProjectV2ItemById")
def _add_project_item(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project = _project_node(ctx, input["projectId"], "write")
    project.take_failure("addProjectV2ItemById")
    content = g.node_or_error(ctx, input["contentId"], Issue)
    return {
        "clientMutationId": input.get("clientMutationId"),
        "item": _add_item(ctx, project, content),
    }


def _boards_for_new_issue(ctx: GqlCtx, project_ids: list[str]) -> list[Project]:
    return [_project_node(ctx, pid, "write") for pid in project_ids]


g.RESOLVE_BOARDS = _boards_for_new_issue
g.ADD_TO_BOARD = _add_item


def _item_and_field(ctx: GqlCtx, input: dict[str, Any]) -> tuple[Project, Item, Field | None]:
    project = _project_node(ctx, input["projectId"], "write")
    item = ctx.state.nodes.get(input["itemId"])
    if not isinstance(item, Item) or item.project is not project:
        raise not_found(f"Could not resolve to a node with the global id of '{input['itemId']}'")
    f = None
    if "fieldId" in input:
        f = ctx.state.nodes.get(input["fieldId"])
        if not isinstance(f, Field) or f.project is not project:
            raise not_found(
                f"Could not resolve to a node with the global id of '{input['fieldId']}'"
            )
    return project, item, f


@resolver("Mutation", "updateProjectV2ItemFieldValue")
def _update_value(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project, item, f = _item_and_field(ctx, input)
    project.take_failure("updateProjectV2ItemFieldValue")
    assert f is not None
    given = {k: v for k, v in input["value"].items() if v is not None}
    if len(given) != 1:
        raise GqlError("UNPROCESSABLE", "Exactly one value must be given for the field.")
    ((kind, value),) = given.items()
    expected = {
        "SINGLE_SELECT": "singleSelectOptionId",
        "TEXT": "text",
        "NUMBER": "number",
        "DATE": "date",
        "ITERATION": "iterationId",
    }.get(f.data_type)
    if expected is None:
        raise GqlError(
            "UNPROCESSABLE", f"The field of type {f.data_type.lower()} is currently not supported"
        )
    if kind != expected:
        raise GqlError(
            "UNPROCESSABLE",
            f"Did not receive a {expected} value to update a field of type {f.data_type.lower()}",
        )
    if f.data_type == "SINGLE_SELECT":
        option = f.option(value)
        if option is None:
            raise GqlError(
                "UNPROCESSABLE",
                f"The single select option Id does not belong to the field: {value}",
            )
        value = option
    elif f.data_type == "ITERATION":
        raise g.Unimplemented("fakegithub does not implement iteration fields")
    item.values[f] = value
    item.updated_at = ctx.state.clock.tick()
    return {"clientMutationId": input.get("clientMutationId"), "projectV2Item": item}


@resolver("Mutation", "clearProjectV2ItemFieldValue")
def _clear_value(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project, item, f = _item_and_field(ctx, input)
    project.take_failure("clearProjectV2ItemFieldValue")
    item.values.pop(f, None)
    item.updated_at = ctx.state.clock.tick()
    return {"clientMutationId": input.get("clientMutationId"), "projectV2Item": item}


@resolver("Mutation", "deleteProjectV2Item")
def _delete_item(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project, item, _f = _item_and_field(ctx, input)
    project.items.remove(item)
    ctx.state.nodes.pop(item.node_id, None)
    project.updated_at = ctx.state.clock.tick()
    return {"clientMutationId": input.get("clientMutationId"), "deletedItemId": item.node_id}


def _check_options(options: list[dict[str, Any]]) -> None:
    names = [o["name"] for o in options]
    if any(not n.strip() for n in names):
        raise GqlError("UNPROCESSABLE", "Single select option names can't be blank")
    if len({n.lower() for n in names}) != len(names):
        raise GqlError("UNPROCESSABLE", "Single select option names must be unique")


@resolver("Mutation", "createProjectV2Field")
def _create_field(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project = _project_node(ctx, input["projectId"], "write")
    name = input["name"]
    if not name.strip():
        raise GqlError("UNPROCESSABLE", "Name can't be blank")
    if project.field(name) is not None:
        raise GqlError("UNPROCESSABLE", "Name has already been taken")
    data_type = input["dataType"]
    options = input.get("singleSelectOptions") or []
    if data_type == "SINGLE_SELECT":
        if not options:
            raise GqlError("UNPROCESSABLE", "Single select fields must have at least one option")
        _check_options(options)
    elif data_type == "ITERATION":
        raise g.Unimplemented("fakegithub does not implement iteration fields")
    f = _new_field(
        ctx.state,
        project,
        name,
        data_type,
        [(o["name"], o["color"], o["description"]) for o in options],
    )
    return {"clientMutationId": input.get("clientMutationId"), "projectV2Field": f}


@resolver("Mutation", "updateProjectV2Field")
def _update_field(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    f = ctx.state.nodes.get(input["fieldId"])
    if not isinstance(f, Field):
        raise not_found(f"Could not resolve to a node with the global id of '{input['fieldId']}'")
    check_access(ctx, f.project, "write")
    name = input.get("name")
    if name is not None and name != f.name:
        if f.data_type not in CUSTOM_TYPES and f.name != "Status":
            raise GqlError("UNPROCESSABLE", f"The {f.name} field cannot be renamed")
        other = f.project.field(name)
        if other is not None and other is not f:
            raise GqlError("UNPROCESSABLE", "Name has already been taken")
        f.name = name
    options = input.get("singleSelectOptions")
    if options:
        if f.data_type != "SINGLE_SELECT":
            raise GqlError("UNPROCESSABLE", "Only single select fields have options")
        _check_options(options)
        old = {o.name: o for o in f.options}
        by_id = {o.id: o for o in f.options}
        new_options = []
        for o in options:
            # ProjectV2SingleSelectFieldOptionInput.id (schema of 2026-06-26): "Include this
            # to preserve the option's identity during updates, preventing item field
            # values from being cleared."
            if o.get("id") is not None and o["id"] not in by_id:
                raise not_found(f"Could not resolve to a node with the global id of '{o['id']}'")
            kept = by_id.get(o.get("id") or "")
            if kept is None and f.project.keep_option_ids_by_name:
                kept = old.get(o["name"])
            if kept is not None:
                kept.name, kept.color, kept.description = o["name"], o["color"], o["description"]
                new_options.append(kept)
            else:
                new_options.append(
                    Option(_option_id(ctx.state), o["name"], o["color"], o["description"])
                )
        f.options = new_options
        for item in f.project.items:
            value = item.values.get(f)
            if isinstance(value, Option) and value not in new_options:
                del item.values[f]
    f.updated_at = ctx.state.clock.tick()
    return {"clientMutationId": input.get("clientMutationId"), "projectV2Field": f}


@resolver("Mutation", "createProjectV2")
def _create_project(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    check_access(ctx, None, "write")
    owner = ctx.state.nodes.get(input["ownerId"])
    if not isinstance(owner, User) or owner.type not in ("User", "Organization"):
        raise not_found(f"Could not resolve to a node with the global id of '{input['ownerId']}'")
    if owner.type == "User" and owner is not ctx.token.user:
        raise GqlError(
            "FORBIDDEN", f"{ctx.token.user.login} cannot create projects for {owner.login}."
        )
    if not input["title"].strip():
        raise GqlError("UNPROCESSABLE", "Title can't be blank")
    repo = None
    if input.get("repositoryId"):
        repo = g.node_or_error(ctx, input["repositoryId"], Repository)
    collaborators = {} if owner.type == "User" else {ctx.token.user.login: "admin"}
    project = add_project(ctx.state, owner.login, title=input["title"], collaborators=collaborators)
    if repo is not None:
        project.repositories.append(repo)
    return {"clientMutationId": input.get("clientMutationId"), "projectV2": project}


@resolver("Mutation", "updateProjectV2")
def _update_project(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project = _project_node(ctx, input["projectId"], "write")
    project.take_failure("updateProjectV2")
    title = input.get("title")
    if title is not None and not title.strip():
        raise GqlError("UNPROCESSABLE", "Title can't be blank")
    if title is not None:
        project.title = title
    for key, attr in (("readme", "readme"), ("shortDescription", "short_description")):
        if key in input:  # "" and null both empty it: GitHub then answers null
            setattr(project, attr, input[key] or None)
    for key in ("public", "closed"):
        if input.get(key) is not None:
            setattr(project, key, input[key])
    project.updated_at = ctx.state.clock.tick()
    return {"clientMutationId": input.get("clientMutationId"), "projectV2": project}


@resolver("Mutation", "linkProjectV2ToRepository")
def _link_project(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    project = _project_node(ctx, input["projectId"], "write")
    repo = g.node_or_error(ctx, input["repositoryId"], Repository)
    if repo not in project.repositories:
        project.repositories.append(repo)
    return {"clientMutationId": input.get("clientMutationId"), "repository": repo}
