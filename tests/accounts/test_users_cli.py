"""``docgen users``: the first admin from the command line, tokens printed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main


@pytest.fixture
def run(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(main, list(args), input=input)


def test_add_list_disable(run):
    added = run("users", "add", "quantri", "--name", "Nguyễn Văn Quản", "--agency", "VKSTC",
                "--role", "admin", "--password-stdin", input="mat-khau-quan-tri\n")
    assert added.exit_code == 0, added.output
    assert "Đã thêm quantri (Nguyễn Văn Quản, vkstc, Quản trị)" in added.output
    assert run("users", "add", "lan", "--name", "Lan", "--agency", "VKSHY", "--role", "clerk",
               "--role", "leader", "--password-stdin", input="mat-khau-cua-lan\n").exit_code == 0
    listed = run("users", "list").output
    assert "quantri" in listed and "clerk,leader" in listed and "2 người dùng" in listed
    assert run("users", "disable", "lan").exit_code == 0
    assert "đã khóa" in run("users", "list").output


def test_bad_input_is_one_vietnamese_line(run):
    short = run("users", "add", "lan", "--name", "Lan", "--agency", "VKSHY", "--role", "clerk",
                "--password-stdin", input="ngan\n")
    assert short.exit_code == 2 and "password: mật khẩu cần ít nhất 10 ký tự" in short.output
    unknown = run("users", "add", "lan", "--name", "Lan", "--agency", "XYZ", "--role", "clerk",
                  "--password-stdin", input="mat-khau-du-dai\n")
    assert unknown.exit_code == 2 and "agency: không có cơ quan 'XYZ'" in unknown.output
    assert "Traceback" not in short.output + unknown.output


def test_token_is_printed_once_and_can_be_revoked(run):
    run("users", "add", "lan", "--name", "Lan", "--agency", "VKSHY", "--role", "clerk",
        "--password-stdin", input="mat-khau-cua-lan\n")
    made = run("users", "token", "lan", "--expires-days", "30")
    assert made.exit_code == 0
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("dg_") and len(secret) > 40

    from docgen.http.app import create_app

    client = create_app().test_client()
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/papers", headers=auth).status_code == 200
    assert "Đã thu hồi 1" in run("users", "revoke-token", "lan").output
    assert client.get("/api/v1/papers", headers=auth).status_code == 401


def test_add_reports_every_problem_at_once(run):
    """One try tells everything that is wrong, not one problem per attempt."""
    bad = run("users", "add", "tu an", "--name", " ", "--agency", "VKSXX", "--role", "clerk",
              "--password-stdin", input="ngan\n")
    assert bad.exit_code == 2
    for words in ("tên đăng nhập chỉ gồm chữ", "thiếu họ và tên", "không có cơ quan 'VKSXX'",
                  "mật khẩu cần ít nhất"):
        assert words in bad.output, bad.output


def test_an_address_for_notifications_is_set_shown_and_cleared(run):
    added = run("users", "add", "lan", "--name", "Lan", "--agency", "VKSHY", "--role", "clerk",
                "--email", "Lan@VKS-HY.example", "--password-stdin",
                input="mat-khau-cua-lan\n")
    assert added.exit_code == 0, added.output
    assert "<Lan@vks-hy.example>" in run("users", "list").output
    changed = run("users", "email", "lan", "lan.nguyen@vks-hy.example")
    assert changed.exit_code == 0
    assert "Thư điện tử của lan: lan.nguyen@vks-hy.example" in changed.output
    bad = run("users", "email", "lan", "lan@")
    assert bad.exit_code == 2 and "email: địa chỉ thư điện tử không hợp lệ" in bad.output
    assert run("users", "email", "lan", "").exit_code == 0
    assert "<" not in run("users", "list").output


def test_a_users_unit_is_set_changed_and_audited(run):
    """A unit's clerk proposes nominations for their own unit (docs/office.md)."""
    added = run("users", "add", "nam", "--name", "Lê Văn Nam", "--agency", "VKSHY",
                "--role", "clerk", "--unit", "Phòng  1", "--password-stdin",
                input="mat-khau-cua-nam\n")
    assert added.exit_code == 0, added.output
    moved = run("users", "unit", "nam", "Văn phòng")
    assert moved.exit_code == 0 and "Đơn vị của nam: Văn phòng" in moved.output
    cleared = run("users", "unit", "nam")
    assert cleared.exit_code == 0 and "không có" in cleared.output
    bad = run("users", "unit", "nam", "Phòng\x001")
    assert bad.exit_code == 2 and bad.output.startswith("unit: ")
