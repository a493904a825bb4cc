"""Who may do what: every action a page or command can take, declared once, as data.

An action names who may take it (`who`: roles) and what it is taken on (`on`): the
whole install, or an organisation, reached through one of its assessments, workshops,
accounts or responses. `check` is the one rule that serves them all:

- a visitor or respondent (no account) is refused `not-signed-in`;
- an account whose role is not in `who` is refused `forbidden`;
- on anything that belongs to an organisation, a consultant or leadership account
  must belong to that organisation (`forbidden` otherwise); the command line
  (`auth.SYSTEM`) acts on every organisation. A consultant account belongs to every
  organisation it manages, so another consultant may manage it only when they manage
  all of those too (one consultant cannot reach another's organisations through them).

`assessment.access` finds the organisation of what is acted on and calls `check`
before it reads or changes anything; no other module decides who may do what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from assessment.organisation.auth import Actor, PermissionDenied

Role = Literal["consultant", "leadership", "system"]
On = Literal["install", "organisation", "assessment", "workshop", "account", "response"]

READERS: Final[frozenset[Role]] = frozenset({"consultant", "leadership", "system"})
MANAGERS: Final[frozenset[Role]] = frozenset({"consultant", "system"})
ACCOUNTS: Final[frozenset[Role]] = frozenset({"consultant", "leadership"})


@dataclass(frozen=True)
class Action:
    """Something an actor can do: who may, and on what."""

    name: str
    who: frozenset[Role]
    on: On


# fmt: off
ACTIONS: Final[dict[str, Action]] = {a.name: a for a in (
    #      name                          who           on
    # the install
    Action("list-organisations",         READERS,      "install"),
    Action("list-assessments",           READERS,      "install"),
    Action("create-organisation",        MANAGERS,     "install"),
    Action("list-accounts",              MANAGERS,     "install"),
    Action("read-audit-log",             MANAGERS,     "install"),
    Action("create-consultant-account",  MANAGERS,     "install"),
    Action("change-own-password",        ACCOUNTS,     "install"),
    # an organisation
    Action("read-organisation",          READERS,      "organisation"),
    Action("create-assessment",          MANAGERS,     "organisation"),
    Action("create-leadership-account",  MANAGERS,     "organisation"),
    Action("grant-organisation",         MANAGERS,     "organisation"),
    # one of its accounts (a consultant's: each organisation it manages)
    Action("manage-leadership-account",  MANAGERS,     "account"),
    Action("manage-consultant-account",  MANAGERS,     "account"),
    Action("reset-password",             MANAGERS,     "account"),
    # one of its assessments
    Action("read-results",               READERS,      "assessment"),
    Action("change-assessment",          MANAGERS,     "assessment"),
    Action("edit-assessment",            MANAGERS,     "assessment"),
    Action("agree-actions",              MANAGERS,     "assessment"),
    # leadership owns the actions it agreed to, so it keeps their status too
    Action("set-action-status",          READERS,      "assessment"),
    Action("row-level-data",             MANAGERS,     "assessment"),
    Action("import-evidence",            MANAGERS,     "assessment"),
    Action("delete-responses",           MANAGERS,     "assessment"),
    Action("invite-codes",               MANAGERS,     "assessment"),
    Action("start-workshop",             MANAGERS,     "assessment"),
    # one of its workshops
    Action("watch-workshop",             READERS,      "workshop"),
    Action("run-workshop",               MANAGERS,     "workshop"),
    # one of its responses, found by the respondent's link
    Action("erase-respondent",           MANAGERS,     "response"),
)}
# fmt: on


def require_signed_in(actor: Actor) -> None:
    """Refuse visitors and respondents, before anything is looked up (so a refusal
    says nothing about whether the thing exists)."""
    if not (actor.signed_in or actor.kind == "system"):
        raise PermissionDenied("not-signed-in")


def check(actor: Actor, action: str, organisation_id: str | None = None) -> Action:
    """Refuse `actor` unless they may take `action` (on `organisation_id`, the
    organisation of what it is taken on; None checks the role only). Returns the action."""
    declared = ACTIONS[action]
    require_signed_in(actor)
    if actor.kind not in declared.who:
        raise PermissionDenied("forbidden")
    if (
        organisation_id is not None
        and actor.kind != "system"
        and organisation_id not in actor.organisation_ids
    ):
        raise PermissionDenied("forbidden")
    return declared


def allowed(actor: Actor, action: str, organisation_id: str | None = None) -> bool:
    """Whether `check` would let `actor` take `action` (for pages that offer it or not)."""
    try:
        check(actor, action, organisation_id)
    except PermissionDenied:
        return False
    return True
