"""Every text `roadmap-bot doctor` may print, as str.format templates, by name:
docs/troubleshooting.md explains each one, and a test keeps the two in step."""

from __future__ import annotations

# The checks' names, in the order they run.
TOKEN = "token"
REPOSITORY = "repository"
ISSUES = "issues"
PERMISSIONS = "permissions"
BOARD = "board"
ROADMAP = "roadmap"
README = "readme"
NOTIFICATIONS = "notifications"
CHECK_NAMES = (TOKEN, REPOSITORY, ISSUES, PERMISSIONS, BOARD, ROADMAP, README, NOTIFICATIONS)

TOKEN_OK = "{token_name} is set and GitHub accepts it (signed in as {login})"
TOKEN_OK_INTEGRATION = (
    "{token_name} is a GitHub Actions (or GitHub App) token and GitHub accepts it"
)
TOKEN_MISSING = (
    "{token_name} is not set: in a workflow, leave the action's `token` input at its default "
    "(`${{{{ github.token }}}}`); on your machine, export GITHUB_TOKEN with a token that can "
    "write issues and contents on the repository"
)
TOKEN_MISSING_DRY_RUN = (
    "{token_name} is not set: a dry run then plans offline against an empty repository, "
    "and the GitHub checks are skipped"
)
TOKEN_REJECTED = (
    "GitHub rejected {token_name} (401 Bad credentials): the token is invalid, expired or "
    "revoked; create a new one and store it again (in a workflow, leave the action's `token` "
    "input at its default)"
)
GITHUB_FAILED = "GitHub could not answer this check: {detail}"
NEEDS_TOKEN = "not checked: it needs a token that GitHub accepts (see the token check)"
NEEDS_REPOSITORY = "not checked: it needs the repository (see the repository check)"
REPOSITORY_UNKNOWN = (
    "{detail} (GitHub Actions sets GITHUB_REPOSITORY for you; on your machine pass --repo)"
)
REPOSITORY_OK = "{repository} is visible to the token ({visibility}, default branch {branch})"
REPOSITORY_NOT_FOUND = (
    "{repository} was not found, or the token cannot see it: check OWNER/NAME (--repo or "
    "GITHUB_REPOSITORY), and that the token has access to it (a private repository needs a "
    "token that can read it)"
)
ISSUES_OK = "Issues are enabled on {repository}"
ISSUES_DISABLED = (
    "Issues are disabled on {repository} (forks start with them off): enable them in the "
    "repository's Settings -> General -> Features -> Issues, then run again"
)
PERMISSIONS_OK = "the token can push to {repository}: it can write issues and commit README.md"
PERMISSIONS_OK_NO_ISSUES = (
    "the token can push to {repository}: it can commit README.md, and write issues once "
    "Issues are enabled"
)
PERMISSIONS_ACTIONS = (
    "the workflow's token may do only what the job's `permissions:` grant, which GitHub does "
    "not show: the job needs `contents: write` and `issues: write` (as in "
    ".github/workflows/roadmap.yml)"
)
PERMISSIONS_DENIED = (
    "the token cannot write to {repository} (GitHub says: {granted}): use a token of someone "
    "with write access: a classic token with the `repo` scope (`public_repo` for a public "
    "repository), or a fine-grained one with Issues and Contents: Read and write; in a "
    "workflow, give the job `permissions: contents: write` and `issues: write`"
)
PERMISSIONS_UNKNOWN = (
    "GitHub did not say what the token may do on {repository}: it needs write access to "
    "issues and contents"
)
PERMISSIONS_DRY_RUN = "a dry run writes nothing: read access is enough"
BOARD_NONE = (
    "no board configured: skipped (for one, store its URL as the repository variable "
    "ROADMAP_PROJECT and a classic token with the `project` scope as the secret "
    "ROADMAP_PROJECT_TOKEN)"
)
BOARD_NO_TOKEN = (
    "a board is configured ({board}) but no token reaches it: the workflow's GITHUB_TOKEN "
    "cannot reach a Projects board; create a classic token with the `project` scope and "
    "store it as the repository secret ROADMAP_PROJECT_TOKEN"
)
BOARD_TOKEN_REJECTED = (
    "GitHub rejected {token_name} (401 Bad credentials), the token for the board: it is "
    "invalid, expired or revoked; create a new classic token with the `project` scope and "
    "store it again as the secret ROADMAP_PROJECT_TOKEN"
)
BOARD_OK = "{token_name} reaches the board {board} ('{title}')"
BOARD_WILL_CREATE = (
    "{token_name} is valid (signed in as {login}); the sync finds the board {board} by its "
    "title, or creates it"
)
ROADMAP_OK = "{path} is valid ({sections}, {items})"
ROADMAP_INVALID = (
    "{path} has {problems}, listed below as FILE:LINE:COLUMN: fix them in {path}, "
    "then run `roadmap-bot validate`"
)
ROADMAP_UNREADABLE = (
    "{detail}: roadmap-bot reads it from the checked-out repository; in a workflow run "
    "actions/checkout before roadmap-bot, and check the `roadmap` input (--roadmap)"
)
README_OK = "{path} has the roadmap checklist markers"
README_NO_MARKERS = (
    "{path} has no roadmap checklist markers: put a line '<!-- roadmap-bot:checklist:start -->' "
    "and a line '<!-- roadmap-bot:checklist:end -->' where the checklist goes, then run "
    "`roadmap-bot render` and commit (a README with a checklist of its own: `roadmap-bot init`)"
)
README_UNREADABLE = (
    "{detail}: roadmap-bot ticks the checklist in it; in a workflow run actions/checkout "
    "before roadmap-bot, and check the `readme` input (--readme)"
)
# GitHub mails a repository's watchers about every new issue: a first sync makes one per item.
QUIET_FIRST_SYNC = (
    "a first sync creates one issue per item, and GitHub mails everyone watching the "
    "repository about each one: before the first run, open the repository on GitHub, click "
    'Watch (top right) and choose "Participating and @mentions" (watch it again afterwards '
    "if you like)"
)
ALL_PASSED = "All checks passed: roadmap-bot is ready to run on {repository}."
SOME_FAILED = (
    "Checks that need a fix: {failed} of {total}. Fix them from the top, then run "
    "`roadmap-bot doctor` again."
)
ANNOTATION_TITLE = "roadmap-bot doctor"

# Every template a user may see, by name (docs/troubleshooting.md explains each).
MESSAGES: dict[str, str] = {
    "TOKEN_OK": TOKEN_OK,
    "TOKEN_OK_INTEGRATION": TOKEN_OK_INTEGRATION,
    "TOKEN_MISSING": TOKEN_MISSING,
    "TOKEN_MISSING_DRY_RUN": TOKEN_MISSING_DRY_RUN,
    "TOKEN_REJECTED": TOKEN_REJECTED,
    "GITHUB_FAILED": GITHUB_FAILED,
    "NEEDS_TOKEN": NEEDS_TOKEN,
    "NEEDS_REPOSITORY": NEEDS_REPOSITORY,
    "REPOSITORY_UNKNOWN": REPOSITORY_UNKNOWN,
    "REPOSITORY_OK": REPOSITORY_OK,
    "REPOSITORY_NOT_FOUND": REPOSITORY_NOT_FOUND,
    "ISSUES_OK": ISSUES_OK,
    "ISSUES_DISABLED": ISSUES_DISABLED,
    "PERMISSIONS_OK": PERMISSIONS_OK,
    "PERMISSIONS_OK_NO_ISSUES": PERMISSIONS_OK_NO_ISSUES,
    "PERMISSIONS_ACTIONS": PERMISSIONS_ACTIONS,
    "PERMISSIONS_DENIED": PERMISSIONS_DENIED,
    "PERMISSIONS_UNKNOWN": PERMISSIONS_UNKNOWN,
    "PERMISSIONS_DRY_RUN": PERMISSIONS_DRY_RUN,
    "BOARD_NONE": BOARD_NONE,
    "BOARD_NO_TOKEN": BOARD_NO_TOKEN,
    "BOARD_TOKEN_REJECTED": BOARD_TOKEN_REJECTED,
    "BOARD_OK": BOARD_OK,
    "BOARD_WILL_CREATE": BOARD_WILL_CREATE,
    "ROADMAP_OK": ROADMAP_OK,
    "ROADMAP_INVALID": ROADMAP_INVALID,
    "ROADMAP_UNREADABLE": ROADMAP_UNREADABLE,
    "README_OK": README_OK,
    "README_NO_MARKERS": README_NO_MARKERS,
    "README_UNREADABLE": README_UNREADABLE,
    "QUIET_FIRST_SYNC": QUIET_FIRST_SYNC,
    "ALL_PASSED": ALL_PASSED,
    "SOME_FAILED": SOME_FAILED,
}
