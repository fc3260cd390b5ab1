"""The app's login to a team database: password from the dialog, optionally kept in the keyring.

The system keyring is replaced by an in-memory stand-in (the real one would touch the user's
keychain); the dialog is answered by replacing its ``exec`` with a function that types into it.
"""

from __future__ import annotations

import sys
from types import ModuleType, SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from annotator import credentials
from tests.team.conftest import Team
from ui.dialogs.login import LoginDialog, open_with_login


def _fake_keyring() -> ModuleType:
    store: dict[tuple[str, str], str] = {}
    module = ModuleType("keyring")
    module.get_password = lambda service, account: store.get((service, account))  # type: ignore[attr-defined]
    module.set_password = lambda service, account, pw: store.__setitem__((service, account), pw)  # type: ignore[attr-defined]
    module.delete_password = lambda service, account: store.pop((service, account))  # type: ignore[attr-defined]
    module.store = store  # type: ignore[attr-defined]
    return module


def _answer(monkeypatch: pytest.MonkeyPatch, answers: list[str | None], *, remember: bool) -> SimpleNamespace:
    """Make the dialog answer each time with the next password (``None``: Cancel)."""
    seen = SimpleNamespace(messages=[], remember_enabled=[])

    def fake_exec(dialog: LoginDialog) -> int:
        seen.messages.append(f"{dialog.message.text()} | {dialog.message.toolTip()}")
        seen.remember_enabled.append(dialog.remember_box.isEnabled())
        answer = answers.pop(0)
        if answer is None:
            return LoginDialog.DialogCode.Rejected.value
        dialog.password_edit.setText(answer)
        dialog.remember_box.setChecked(remember)
        return LoginDialog.DialogCode.Accepted.value

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    return seen


def test_the_dialog_asks_until_the_password_works_and_the_keyring_remembers_it(
    team: Team, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = _fake_keyring()
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    url = team.url("ada")
    seen = _answer(monkeypatch, ["wrong", team.passwords["ada"]], remember=True)
    project = open_with_login(None, url)
    assert project is not None
    with project:
        assert project.access is not None and project.access.login == team.login("ada")
    assert seen.messages[0].startswith("The server asks for your password. | ")
    assert "the server wants a password" in seen.messages[0]
    assert seen.messages[1].startswith("That password was not accepted; try again. | ")
    assert "password authentication failed" in seen.messages[1]
    assert seen.remember_enabled == [True, True]
    assert keyring.store == {("annotator", credentials.account(url)): team.passwords["ada"]}  # type: ignore[attr-defined]
    assert credentials.account(url) == f"{team.login('ada')}@127.0.0.1:{team.admin.port}/{team.database}"

    # next time the keyring answers and no dialog appears
    _answer(monkeypatch, [], remember=False)
    again = open_with_login(None, url + "?sslmode=disable")
    assert again is not None
    again.close()


def test_without_a_keyring_nothing_is_remembered_and_cancel_opens_nothing(
    team: Team, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # as if the package were not installed
    assert not credentials.available()
    seen = _answer(monkeypatch, [None], remember=True)
    assert open_with_login(None, team.url("bob")) is None
    assert seen.remember_enabled == [False]
    seen = _answer(monkeypatch, [team.passwords["bob"]], remember=True)
    project = open_with_login(None, team.url("bob"))
    assert project is not None
    project.close()
    assert credentials.load_password(team.url("bob")) is None
