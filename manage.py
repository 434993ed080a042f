"""One Map operations: ``python manage.py run | db-start | db-stop | migrate | load`` and
the accounts: ``create-user | set-password | disable-user | enable-user | list-users |
create-token | list-tokens | revoke-token`` (see :mod:`auth.cli`).

``run`` does everything ``make run`` promises: the private PostGIS under ``var/pg``
when ``DATABASE_URL`` is unset, the schema, the sample data on first start, then the
app under gunicorn on ``ONEMAP_HOST:ONEMAP_PORT``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from core.errors import OneMapError
from core.settings import Settings, load_settings
from store.cluster import private_cluster, resolve_database_url

log = logging.getLogger("onemap")


def prepare(settings: Settings, *, load_if_empty: bool = True) -> str:
    """Database up, schema at head, sample data loaded (first start only)."""
    from auth.cli import ensure_initial_admin
    from auth.service import AuthService
    from store.db import check_connection, check_reachable, make_engine
    from store.load import load_samples
    from store.migrate import upgrade

    url = resolve_database_url(settings, start=True)
    engine = make_engine(url, check=False)
    check_reachable(engine)  # a clear message when the server is unreachable
    upgrade(url)  # creates PostGIS when allowed, else says what the administrator must run
    check_connection(engine)
    try:
        counts = load_samples(engine, Path(settings.data_dir), if_empty=load_if_empty)
        service = AuthService(engine, settings)
        if counts is not None:
            audit_load(service, counts, settings)
        keep_samples_current(engine, service)
        prepare_workspaces(engine)
        ensure_initial_admin(service, settings)
    finally:
        engine.dispose()
    return url


def keep_samples_current(engine, service) -> None:
    """Move the synthetic time series so that their newest record is today (audited)."""
    from auth.audit import Actor
    from core.clock import beijing_now
    from store.reanchor import reanchor

    days = reanchor(engine, beijing_now().date())
    if days:
        log.info("synthetic time series moved forward by %d day(s) to today", days)
        service.record(Actor.system("system:start"), "data.reanchor", object_type="dataset",
                       object_id="synthetic", after={"days": days})


def prepare_workspaces(engine) -> dict[str, object]:
    """Bring the workspaces' derived state to the present at each start: the synthetic
    station winds of the emergency workspace (the last 3 days, 示例数据), and the
    enforcement loop's sample events, clues and enterprise codes."""
    from emergency.met import load_sample as load_sample_winds
    from enforcement.service import refresh as refresh_enforcement

    done = {"winds": load_sample_winds(engine), "enforcement": refresh_enforcement(engine)}
    log.info("workspaces brought to the present: %d station-hours of sample wind; clues %s",
             done["winds"], done["enforcement"]["clues"])
    return done


def audit_load(service, counts: dict[str, int], settings: Settings) -> None:
    """The data load goes into the audit log (who, which folder, how many rows)."""
    from auth.audit import Actor

    service.record(Actor.cli(), "data.load", object_type="dataset",
                   object_id=str(settings.data_dir), after={"rows": counts})


def serve(settings: Settings, url: str, workers: int) -> None:
    """Replace this process with gunicorn serving ``wsgi:server``."""
    os.environ["DATABASE_URL"] = url
    bind = f"{settings.host}:{settings.port}"
    log.info("serving One Map on http://%s", bind)
    config = Path(__file__).resolve().parent / "gunicorn.conf.py"
    args = ["gunicorn", "--config", str(config), "--workers", str(workers), "--bind", bind,
            "wsgi:server"]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(str(gunicorn), args)


def build_region(adcode: str, out: str, *, force: bool = False) -> int:
    """Run the region-pack build tool in its own venv (``.venv-region``; the app never
    imports its dependencies), then write the pack's synthetic layers
    (:mod:`samplegen.region`). The tool's exit code: 0 built, 1 a source missing, 2 a bad
    code."""
    import subprocess

    from regionpack.venv import ensure_venv

    command = [str(ensure_venv()), "-m", "regionpack", "build", adcode, "--out", out]
    code = subprocess.run(command + (["--force"] if force else [])).returncode
    if code == 0:  # then the synthetic layers (示例数据), in the app's venv
        from samplegen.region import generate_region

        generate_region(Path(out))
    return code


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(prog="python manage.py")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="database, schema, data, then serve")
    run.add_argument("--workers", type=int, default=2)
    sub.add_parser("db-start", help="start the private PostGIS cluster and print its URL")
    sub.add_parser("db-stop", help="stop the private PostGIS cluster")
    sub.add_parser("migrate", help="upgrade the schema to the latest version")
    load = sub.add_parser("load", help="(re)load data_samples/ in one transaction")
    load.add_argument("--if-empty", action="store_true")
    region = sub.add_parser("build-region", help="build a region pack offline from a "
                                                 "GB/T 2260 code (its own venv)")
    region.add_argument("adcode", help="six-digit GB/T 2260 code, e.g. 320100")
    region.add_argument("--out", required=True, help="the pack's folder (must be empty)")
    region.add_argument("--force", action="store_true", help="replace a non-empty --out")
    from auth.cli import add_commands, run_command

    add_commands(sub)
    args = parser.parse_args(argv)
    if args.command == "build-region":
        return build_region(args.adcode, args.out, force=args.force)
    try:
        settings = load_settings()
        if args.command == "run":
            serve(settings, prepare(settings), args.workers)
        elif args.command == "db-start":
            print(resolve_database_url(settings, start=True))
        elif args.command == "db-stop":
            private_cluster(settings).stop()
        elif args.command == "migrate":
            from store.db import check_reachable, make_engine
            from store.migrate import upgrade

            url = resolve_database_url(settings, start=True)
            engine = make_engine(url, check=False)
            check_reachable(engine)  # a clear message when the server is unreachable
            engine.dispose()
            upgrade(url)
        elif args.command == "load":
            from auth.service import AuthService
            from store.db import make_engine
            from store.load import load_samples

            engine = make_engine(resolve_database_url(settings, start=True))
            counts = load_samples(engine, Path(settings.data_dir), if_empty=args.if_empty)
            if counts is not None:
                audit_load(AuthService(engine, settings), counts, settings)
        else:
            from auth.service import AuthService
            from store.db import make_engine

            engine = make_engine(resolve_database_url(settings, start=True))
            try:
                run_command(args, AuthService(engine, settings))
            finally:
                engine.dispose()
    except OneMapError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
