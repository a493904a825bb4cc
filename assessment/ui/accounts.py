"""Leadership accounts of the organisations a consultant manages: list, add, disable.

Leadership accounts read one organisation's results and never see a single answer.
Consultant accounts are managed on the command line (`gapmap user add`).
"""

from __future__ import annotations

import streamlit as st

from assessment import access
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.auth import Account, Actor
from assessment.ui import state
from assessment.ui.state import Accounts
from assessment.ui.text import escape_markdown


def _account_table(accounts: list[Account], org_names: dict[str, str]) -> None:
    rows = [
        {
            "User name": a.username,
            "Name": a.display_name,
            "Role": a.role,
            "Organisation": org_names.get(a.organisation_id or "", "–"),
            "E-mail (single sign-on)": a.email or "",
            "Disabled": a.disabled,
            "Created": a.created_at,
        }
        for a in accounts
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={"Created": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
    )


def _create_form(actor: Actor, org_names: dict[str, str]) -> None:
    with st.form("accounts-create", clear_on_submit=False):
        st.subheader("Add a leadership account")
        org_id = st.selectbox(
            "Organisation",
            list(org_names),
            format_func=org_names.__getitem__,
            key="accounts-org",
        )
        username = st.text_input(
            "User name", key="accounts-username", help="2 to 64 characters: a-z, 0-9, . _ @ -"
        )
        display_name = st.text_input("Name", key="accounts-display-name")
        password = st.text_input(
            "Password",
            type="password",
            key="accounts-password",
            help=f"At least {auth.PASSWORD_MIN_CHARS} characters. Leave it empty for an "
            "account that signs in only with the organisation's single sign-on.",
        )
        email = st.text_input(
            "E-mail for single sign-on (optional)",
            key="accounts-email",
            help="Needed only when GapMap is set up to sign in with the organisation's "
            "identity provider.",
        )
        if not st.form_submit_button("Add account", type="primary"):
            return
    try:
        created = access.create_leadership_account(
            state.store(),
            actor,
            str(org_id),
            username,
            password or None,
            display_name=display_name,
            email=email or None,
        )
    except GapMapError as refused:
        st.error(refused.message, icon=":material/error:")
        return
    Accounts.FLASH.set(
        f"Account {created.username} added for {org_names.get(str(org_id), '')}. "
        "Give them the user name and password in person or by phone, not by e-mail."
    )
    for field in Accounts.FORM:
        field.clear()
    st.rerun()


def _enable_disable(actor: Actor, leaders: list[Account]) -> None:
    st.subheader("Disable or enable an account")
    if not leaders:
        st.caption("No leadership account yet.")
        return
    by_name = {a.username: a for a in leaders}
    username = st.selectbox(
        "Account",
        list(by_name),
        format_func=lambda u: f"{u} ({'disabled' if by_name[u].disabled else 'active'})",
        key="accounts-toggle-user",
    )
    account = by_name[str(username)]
    verb = "Enable" if account.disabled else "Disable"
    st.caption(
        "A disabled account cannot sign in, and its open sessions end at once."
        if not account.disabled
        else "The account can sign in again with its password."
    )
    if st.button(f"{verb} {escape_markdown(account.username)}", key="accounts-toggle"):
        try:
            access.set_disabled(state.store(), actor, account.username, not account.disabled)
        except GapMapError as refused:
            st.error(refused.message)
            return
        Accounts.FLASH.set(f"Account {account.username} {verb.lower()}d.")
        st.rerun()


def render() -> None:
    st.title("Accounts")
    actor = state.actor()
    if not access.allowed(actor, "list-accounts"):
        st.error(
            "This page is not allowed for your account: accounts are managed by consultants.",
            icon=":material/block:",
        )
        return
    message = Accounts.FLASH.take()
    if message:
        st.success(escape_markdown(str(message)), icon=":material/check_circle:")
    try:
        orgs = access.list_organisations(state.store(), actor)
        accounts = access.list_accounts(state.store(), actor)
    except GapMapError as refused:
        st.error(refused.message)
        return
    org_names = {o.id: o.name for o in orgs}
    st.caption(
        "Leadership accounts read one organisation's results and download the gap report; "
        "they never see a single person's answers. Consultant accounts are added on the "
        "command line (gapmap user add)."
    )
    _account_table(accounts, org_names)
    if not org_names:
        st.info("Create an organisation in the console first.", icon=":material/domain_add:")
        return
    leaders = [a for a in accounts if a.role == "leadership"]
    left, right = st.columns(2, gap="large")
    with left:
        _create_form(actor, org_names)
    with right:
        _enable_disable(actor, leaders)


if __name__ == "__main__":
    render()
