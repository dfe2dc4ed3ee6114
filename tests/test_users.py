"""mik.privacy.users: a damaged users file stops logins and `users add` with a clear message, and is
never read as "no users" and overwritten (issue 27: a 0-byte file once lost 13 users)."""

import re

import pytest

from mik.privacy import users
from tests.test_cli import cli

GOOD = "een lang wachtwoord"


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("MIK_USERS", str(path))
    for i in range(3):
        users.add_user(f"team-veiligheid-{i}", "analist", GOOD, path)
    return path


DAMAGE = {
    "empty": (lambda text: "", "is empty"),
    "truncated": (lambda text: text[: len(text) // 2], "damaged"),
    "no hash": (lambda text: text + '\n[users."beheer"]\nrole = "admin"\n', "'beheer' has no hash"),
    "no users table": (lambda text: 'title = "x"\n', "no [users] entries"),
    "not utf-8": (lambda text: "\udcff", "damaged"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_file_is_refused_and_kept(users_file, damage, capsys):
    change, words = DAMAGE[damage]
    text = change(users_file.read_text(encoding="utf-8"))
    users_file.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = users_file.read_bytes()
    with pytest.raises(users.UsersFileError, match=re.escape(words)) as exc:
        users.load_users()
    assert str(users_file) in str(exc.value) and "argon2" not in str(exc.value)  # never a hash in a message
    with pytest.raises(users.UsersFileError):
        users.verify_password("team-veiligheid-1", GOOD)  # a login says so, no KeyError or TOML traceback
    code, _, err = cli(capsys, "users", "list")
    assert code != 0 and words in err
    with pytest.raises(users.UsersFileError):
        users.add_user("nieuw", "raad", GOOD)
    assert users_file.read_bytes() == before  # nothing overwritten: the other users are not lost


def test_a_good_file_still_works_and_is_written_whole(users_file):
    users.add_user("nieuw", "raad", GOOD)
    assert set(users.load_users()) == {"team-veiligheid-0", "team-veiligheid-1", "team-veiligheid-2", "nieuw"}
    assert users.verify_password("nieuw", GOOD) == "raad" and users.verify_password("nieuw", "fout") is None
    assert oct(users_file.stat().st_mode & 0o777) == "0o600"
    assert not list(users_file.parent.glob(".users.toml.*"))  # no temporary file left behind


def test_no_file_is_no_users(tmp_path, monkeypatch):
    monkeypatch.setenv("MIK_USERS", str(tmp_path / "none.toml"))
    assert users.load_users() == {} and users.verify_password("iemand", GOOD) is None


def test_disable_enable_and_remove_from_the_command_line(users_file, capsys):
    code, out, _ = cli(capsys, "users", "disable", "team-veiligheid-1")
    assert code == 0 and "disabled" in out
    assert users.verify_password("team-veiligheid-1", GOOD) is None  # no login
    assert users.role_of("team-veiligheid-1") is None  # and open sessions end at their next step
    assert "team-veiligheid-1\tanalist\tdisabled" in cli(capsys, "users", "list")[1]
    assert cli(capsys, "users", "enable", "team-veiligheid-1")[0] == 0
    assert users.verify_password("team-veiligheid-1", GOOD) == "analist" == users.role_of("team-veiligheid-1")
    assert cli(capsys, "users", "remove", "team-veiligheid-2")[0] == 0
    assert users.role_of("team-veiligheid-2") is None and "team-veiligheid-2" not in users.load_users()
    code, _, err = cli(capsys, "users", "remove", "niemand")
    assert code != 0 and "no user 'niemand'" in err
