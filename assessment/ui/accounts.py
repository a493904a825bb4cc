"""Accounts a consultant manages: list, add (consultant or leadership), disable and
enable, and a one-time password-reset link.

Leadership accounts read one organisation's results and never see a single answer. A
new consultant manages the organisations they are given here (of the adding
consultant's own), or none. Who may manage which account is `assessment.access`'s
call: a consultant's own organisations' leadership, and consultants who manage none
but the same organisations.
"""

from __future__ import annotations

import os

import streamlit as st

from assessment import access, words
from assessment.collect import invites
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.auth import Account, Actor
from assessment.ui import state
from assessment.ui.account_text import refusal, t
from assessment.ui.language import ui_language
from assessment.ui.state import Accounts
from assessment.ui.text import escape_markdown


def reset_base_url() -> str:
    """Where a reset link points: `GAPMAP_BASE_URL`, else this page's own host."""
    try:
        page_url = st.context.url
    except Exception:  # no browser context (tests, scripts)
        page_url = None
    return invites.base_url_of(os.environ.get("GAPMAP_BASE_URL"), page_url)


def _account_table(accounts: list[Account], org_names: dict[str, str], lang: str) -> None:
    rows = [
        {
            t("col_username", lang): a.username,
            t("col_name", lang): a.display_name,
            t("col_role", lang): t(f"role_{a.role}", lang),
            t("col_organisation", lang): org_names.get(a.organisation_id or "", "–"),
            t("col_email", lang): a.email or "",
            t("col_disabled", lang): a.disabled,
            t("col_created", lang): a.created_at,
        }
        for a in accounts
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            t("col_created", lang): st.column_config.DatetimeColumn(
                format=t("created_format", lang)
            )
        },
    )


def _create_form(actor: Actor, org_names: dict[str, str], lang: str) -> None:
    st.subheader(t("add_title", lang))
    if Accounts.ROLE.setdefault() not in auth.ACCOUNT_ROLES:
        Accounts.ROLE.clear()
        Accounts.ROLE.setdefault()  # leadership: the account added most often
    role = st.radio(
        t("add_role", lang),
        list(auth.ACCOUNT_ROLES),
        format_func=lambda r: t(f"add_role_{r}", lang),
        key=Accounts.ROLE.name,
    )
    if role == "leadership" and not org_names:
        st.info(t("add_no_organisation", lang), icon=":material/domain_add:")
        return
    if Accounts.EMPTY_FORM.take():
        for field in Accounts.FORM:
            field.set("")
    # not `clear_on_submit`: a refused account keeps what was typed, to be corrected
    with st.form("accounts-create", clear_on_submit=False):
        org_id: str | None = None
        manages: list[str] = []
        if role == "leadership":
            org_id = st.selectbox(
                t("add_organisation", lang),
                list(org_names),
                format_func=org_names.__getitem__,
                key=Accounts.ORG.name,
            )
        else:
            manages = st.multiselect(
                t("add_manages", lang),
                list(org_names),
                format_func=org_names.__getitem__,
                key=Accounts.MANAGES.name,
            )
        username = st.text_input(
            t("add_username", lang), key="accounts-username", help=t("add_username_help", lang)
        )
        display_name = st.text_input(t("add_name", lang), key="accounts-display-name")
        password = st.text_input(
            t("add_password", lang),
            type="password",
            key="accounts-password",
            help=t("add_password_help", lang, minimum=auth.PASSWORD_MIN_CHARS),
        )
        email = st.text_input(
            t("add_email", lang), key="accounts-email", help=t("add_email_help", lang)
        )
        if not st.form_submit_button(t("add_button", lang), type="primary"):
            return
    try:
        created = access.create_account(
            state.store(),
            actor,
            username=username,
            password=password or None,
            role="consultant" if role == "consultant" else "leadership",
            display_name=display_name,
            organisation_id=str(org_id) if org_id else None,
            email=email or None,
            manages=frozenset(manages),
        )
    except GapMapError as refused:
        st.error(refusal(refused, lang), icon=":material/error:")
        return
    Accounts.FLASH.set(t("added", lang, username=created.username))
    Accounts.EMPTY_FORM.set(True)
    st.rerun()


def _enable_disable(actor: Actor, others: list[Account], lang: str) -> None:
    st.subheader(t("toggle_title", lang))
    if not others:
        st.caption(t("toggle_none", lang))
        return
    by_name = {a.username: a for a in others}
    username = st.selectbox(
        t("toggle_account", lang),
        list(by_name),
        format_func=lambda u: (
            f"{u} ({t('state_disabled' if by_name[u].disabled else 'state_active', lang)})"
        ),
        key=Accounts.TOGGLE_USER.name,
    )
    account = by_name[str(username)]
    st.caption(t("toggle_enable_note" if account.disabled else "toggle_disable_note", lang))
    verb = "enable" if account.disabled else "disable"
    label = t(f"{verb}_button", lang, username=escape_markdown(account.username))
    if st.button(label, key="accounts-toggle"):
        try:
            access.set_disabled(state.store(), actor, account.username, not account.disabled)
        except GapMapError as refused:
            st.error(refusal(refused, lang))
            return
        Accounts.FLASH.set(t(f"{verb}d_done", lang, username=account.username))
        st.rerun()


def _reset_link(actor: Actor, accounts: list[Account], lang: str) -> None:
    st.subheader(t("reset_title", lang))
    hours = int(auth.RESET_VALID.total_seconds() // 3600)
    st.caption(t("reset_intro", lang, hours=hours))
    names = [a.username for a in accounts]
    username = st.selectbox(t("reset_account", lang), names, key=Accounts.RESET_USER.name)
    if st.button(t("reset_button", lang), key="accounts-reset", icon=":material/key:"):
        try:
            issued = access.issue_password_reset(state.store(), actor, str(username))
        except GapMapError as refused:
            st.error(refusal(refused, lang))
            return
        link = auth.password_reset_url(reset_base_url(), issued.token)
        Accounts.RESET_LINK.set((issued.username, link, issued.expires_at))
    shown = Accounts.RESET_LINK.get()
    if shown and shown[0] == username:
        who, link, until = shown
        expires = f"{words.date(until.date(), lang)}, {until:%H:%M}"
        st.success(
            t("reset_issued", lang, username=escape_markdown(who), expires=expires),
            icon=":material/key:",
        )
        st.code(link, language=None, wrap_lines=True)


def render() -> None:
    lang = ui_language()  # the sidebar holds the switch
    st.title(t("accounts_title", lang))
    actor = state.actor()
    if not access.allowed(actor, "list-accounts"):
        st.error(t("accounts_not_allowed", lang), icon=":material/block:")
        return
    message = Accounts.FLASH.take()
    if message:
        st.success(escape_markdown(str(message)), icon=":material/check_circle:")
    try:
        orgs = access.list_organisations(state.store(), actor)
        accounts = access.list_accounts(state.store(), actor)
    except GapMapError as refused:
        st.error(refusal(refused, lang))
        return
    org_names = {o.id: o.name for o in orgs}
    st.caption(t("accounts_intro", lang))
    _account_table(accounts, org_names, lang)
    others = [a for a in accounts if a.id != actor.account_id]
    left, right = st.columns(2, gap="large")
    with left:
        _create_form(actor, org_names, lang)
    with right:
        _enable_disable(actor, others, lang)
        st.divider()
        _reset_link(actor, accounts, lang)


if __name__ == "__main__":
    render()
