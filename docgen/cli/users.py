"""``docgen users add|list|disable|enable|password|email|token|revoke-token``: accounts from the
command line, for the first set-up and for scripts (run on the server, as its operator)."""

from __future__ import annotations

import sys

import click

from docgen.cli.files import services
from docgen.services.accounts.permissions import ROLE_LABELS, Role
from docgen.services.accounts.service import AccountService


def _service() -> AccountService:

    return services().accounts


def _password(from_stdin: bool) -> str:
    if from_stdin:
        # One line; the trailing newline of `echo` or a here-string is not part of it.
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại"))


@click.group()
def users() -> None:
    """Tài khoản người dùng: thêm, liệt kê, khóa, mã truy cập API."""


@users.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Họ và tên")
@click.option("--agency", required=True, help="Cơ quan (ký hiệu trong danh mục, vd. VKSTC)")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([r.value for r in Role]), help="Vai trò (lặp lại được)")
@click.option("--email", help="Thư điện tử nhận thông báo (không bắt buộc)")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn")
@click.option("--unit", help="Đơn vị công tác (vd. Phòng 1): chuyên viên đề nghị khen thưởng "
                             "cho đơn vị mình")
def users_add(login: str, name: str, agency: str, roles: tuple[str, ...], unit: str | None,
              email: str | None, password_stdin: bool) -> None:
    """Thêm người dùng LOGIN."""
    user = _service().add_user(login, name, agency, list(roles), _password(password_stdin),
                               unit=unit, email=email)
    click.echo(f"Đã thêm {user.login} ({user.name}, {user.agency}, "
               f"{', '.join(ROLE_LABELS[Role(r)] for r in sorted(user.role_set))})")


@users.command("list")
@click.option("--agency", help="Chỉ người dùng của cơ quan này (mã trong danh mục)")
def users_list(agency: str | None) -> None:
    """Liệt kê người dùng."""
    rows = _service().list(agency)
    for u in rows:
        state = "hoạt động" if u.active else "đã khóa"
        click.echo(f"{u.login:20} {u.agency:16} {','.join(sorted(u.role_set)):22} "
                   f"{state:10} {u.name}" + (f" <{u.email}>" if u.email else ""))
    click.echo(f"{len(rows)} người dùng")


@users.command("disable")
@click.argument("login")
def users_disable(login: str) -> None:
    """Khóa tài khoản LOGIN (và thu hồi mọi mã truy cập của nó)."""
    _service().disable(login)
    click.echo(f"Đã khóa {login}")


@users.command("enable")
@click.argument("login")
def users_enable(login: str) -> None:
    """Mở lại tài khoản LOGIN."""
    _service().update(login, active=True)
    click.echo(f"Đã mở lại {login}")


@users.command("password")
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn")
def users_password(login: str, password_stdin: bool) -> None:
    """Đặt mật khẩu mới cho LOGIN."""
    _service().update(login, password=_password(password_stdin))
    click.echo(f"Đã đặt mật khẩu mới cho {login}")


@users.command("email")
@click.argument("login")
@click.argument("address")
def users_email(login: str, address: str) -> None:
    """Đặt thư điện tử nhận thông báo của LOGIN ("" để xóa)."""
    user = _service().update(login, email=address)
    click.echo(f"Thư điện tử của {login}: {user.email}" if user.email
               else f"Đã xóa thư điện tử của {login}")


@users.command("unit")
@click.argument("login")
@click.argument("unit", required=False, default="")
def users_unit(login: str, unit: str) -> None:
    """Đặt đơn vị công tác của LOGIN (để trống: bỏ đơn vị)."""
    user = _service().update(login, unit=unit)
    click.echo(f"Đơn vị của {login}: {user.unit or 'không có'}")


@users.command("token")
@click.argument("login")
@click.option("--expires-days", type=click.IntRange(1, 3650), help="Hết hạn sau N ngày")
def users_token(login: str, expires_days: int | None) -> None:
    """Tạo mã truy cập API cho LOGIN; mã chỉ được in ra một lần."""
    token = _service().issue_token(login, expires_days)
    until = f", hết hạn {token.expires_at:%d/%m/%Y}" if token.expires_at else ""
    click.echo(f"Mã truy cập số {token.id}{until} (chỉ hiện một lần, hãy lưu lại):", err=True)
    click.echo(token.secret)


@users.command("revoke-token")
@click.argument("login")
@click.option("--id", "token_id", type=int, help="Chỉ mã có số này (mặc định: mọi mã)")
def users_revoke_token(login: str, token_id: int | None) -> None:
    """Thu hồi mã truy cập của LOGIN."""
    count = _service().revoke_token(login, token_id)
    click.echo(f"Đã thu hồi {count} mã truy cập của {login}")
