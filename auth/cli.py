"""``manage.py`` commands for accounts and tokens (the console of the administrator).

Every command exits with status 2 and a one-line message on bad input; every change is
audited with the actor ``cli:<os user>``. Secrets are printed once and never logged.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from auth.audit import Actor
from auth.roles import ROLES
from auth.service import AuthService
from core.errors import BadRequest, ConfigError
from core.settings import Settings

INITIAL_PASSWORD_FILE = "initial-admin-password"


def add_commands(sub: argparse._SubParsersAction) -> None:
    roles = ", ".join(ROLES)
    p = sub.add_parser("create-user", help="create an account")
    p.add_argument("name")
    p.add_argument("--role", action="append", required=True,
                   help=f"a role ({roles}); repeat or comma-separate for several")
    p.add_argument("--display-name", default="")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (else one is generated, "
                        "printed once, and must be changed at the first sign-in)")
    p = sub.add_parser("set-password", help="set a user's password")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true",
                   help="read it from standard input (else a random one is printed once)")
    p.add_argument("--temporary", action="store_true",
                   help="the user must change it at the next sign-in")
    sub.add_parser("disable-user", help="disable an account (ends its sessions and tokens)"
                   ).add_argument("name")
    sub.add_parser("enable-user", help="enable a disabled account").add_argument("name")
    sub.add_parser("list-users", help="list accounts and their roles")
    p = sub.add_parser("create-token", help="create a personal API token (printed once)")
    p.add_argument("name")
    p.add_argument("--expires", type=int, default=None, metavar="DAYS")
    p.add_argument("--label", default="")
    p = sub.add_parser("list-tokens", help="list API tokens (never their values)")
    p.add_argument("name", nargs="?")
    sub.add_parser("revoke-token", help="revoke an API token by its id").add_argument(
        "id", type=int)


def _stdin_password() -> str:
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise BadRequest("no password on standard input")
    return value


def _roles(values: list[str]) -> list[str]:
    return [r.strip() for v in values for r in v.split(",") if r.strip()]


def run_command(args: argparse.Namespace, service: AuthService) -> bool:
    """Run an account command; False when ``args.command`` is not one of them."""
    actor = Actor.cli()
    command = args.command
    if command == "create-user":
        password = _stdin_password() if args.password_stdin else None
        user, generated = service.create_user(actor, args.name, _roles(args.role),
                                              password=password,
                                              display_name=args.display_name)
        print(f"created {user['username']} ({', '.join(user['roles'])})")
        if generated:
            print(f"initial password (shown once; to be changed at first sign-in): "
                  f"{generated}")
    elif command == "set-password":
        from auth.passwords import generate_password

        password = _stdin_password() if args.password_stdin else generate_password()
        service.set_password(actor, args.name, password,
                             must_change_password=args.temporary or not args.password_stdin)
        if not args.password_stdin:
            print(f"new password (shown once; to be changed at next sign-in): {password}")
        else:
            print(f"password of {args.name} changed")
    elif command == "disable-user":
        service.disable_user(actor, args.name)
        print(f"disabled {args.name}")
    elif command == "enable-user":
        service.update_user(actor, args.name, active=True)
        print(f"enabled {args.name}")
    elif command == "list-users":
        for user in service.list_users():
            state = "active" if user["active"] else "disabled"
            print(f"{user['username']:24s} {state:9s} {','.join(user['roles'])}")
    elif command == "create-token":
        token, info = service.create_token(actor, args.name, args.label, args.expires)
        until = info["expires_at"].date().isoformat() if info["expires_at"] else "never"
        print(f"token {info['id']} for {args.name} (expires: {until}), shown once:")
        print(token)
    elif command == "list-tokens":
        for tok in service.list_tokens(args.name):
            state = "revoked" if tok["revoked_at"] else "active"
            print(f"{tok['id']:5d} {tok['username']:20s} {tok['prefix']}… {state:8s} "
                  f"{tok['label']}")
    elif command == "revoke-token":
        service.revoke_token(actor, args.id)
        print(f"revoked token {args.id}")
    else:
        return False
    return True


def ensure_initial_admin(service: AuthService, settings: Settings) -> None:
    """On the first start with no admin: create ``admin`` with ``ONEMAP_ADMIN_PASSWORD`` or a
    random password printed once and written to ``var/initial-admin-password`` (0600)."""
    try:
        generated = service.ensure_initial_admin(settings.admin_password or None)
    except BadRequest as exc:
        raise ConfigError(f"ONEMAP_ADMIN_PASSWORD: {exc.message}") from exc
    if generated is None:
        return
    path = Path(settings.var_dir) / INITIAL_PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(generated + "\n")
    banner = "=" * 72
    print(f"\n{banner}\n  One Map: first start. Sign in as  admin  with the password\n\n"
          f"      {generated}\n\n  (also in {path}, readable by "
          f"{getpass.getuser()} only).\n  You will be asked to change it at the first "
          f"sign-in.\n{banner}\n", flush=True)
