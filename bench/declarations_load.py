"""Save-draft of a full program declaration under load, against a bare one-row insert in the
same run (issue 11 item 13 + Speed, X7). gunicorn + PostgreSQL on this machine, driven by a
small threaded HTTP/1.1 client (no extra tool needed).

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE decl_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/decl_bench KEQI_VAR_DIR=/tmp/decl-bench \
        .venv/bin/python bench/declarations_load.py [--users 64] [--seconds 20] [--workers 5] [--rounds 2]

1. migrates, loads the Changping program (北京市昌平区专精特新, its window opened now) and
   creates N qualified enterprises, each with a logged-in session and its declaration started
   and filled through the real services;
2. in-process, with the Django test client: queries per save (listed) and where the time of a
   save goes (database time, then the slowest functions by own time);
3. starts gunicorn (`bench/declarations_wsgi.py`: keqi.wsgi plus the anchor route) with sync
   workers and persistent connections;
4. alternates, `--rounds` times, the anchor (`POST /bench/insert/`: same middleware, session and
   CSRF, one INSERT) and the save (`POST /declarations/<id>/` with `X-Autosave: 1`, the whole
   main form: 2 choices, 9 amounts, the four-year finance table; each user carries its version
   forward so every save is a real write), N users at once;
5. prints req/s and p50/p99 per run and the save/anchor ratio as Markdown.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")
PORT = int(os.environ.get("BENCH_PORT", "8766"))
CSRF = "c" * 32
PROGRAM_FILE = ROOT / "keqi/declarations/programs/changping-zjtx-2024.json"


def form_body(version: int, n: int) -> dict:
    """The whole main form as the page posts it; the amounts change with n (a real write)."""
    body = {
        "version": str(version),
        "tech_field": "electronics",
        "industry": "C",
        "finances-present": "1",
    }
    for index, key in enumerate(
        [
            "amount_qualification",
            "amount_rd",
            "amount_major",
            "amount_loan",
            "amount_platform",
            "amount_incubator",
            "amount_digital",
            "amount_first_set",
            "amount_supply_chain",
        ]
    ):
        body[key] = f"{(n % 90) + index + 1}.{n % 10000:04d}"
    for year in range(4):
        body[f"finances-{year}-_uid"] = f"y{year}"
        body[f"finances-{year}-net_assets"] = f"{1000 + n % 500}"
        body[f"finances-{year}-revenue"] = f"{3000 + year}"
        body[f"finances-{year}-net_profit"] = "-10.5"
        body[f"finances-{year}-total_profit"] = "5"
        body[f"finances-{year}-rd_total"] = f"{200 + n % 7}"
    return body


def prepare(users: int) -> list[dict]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from keqi.accounts.models import Role, User
    from keqi.core.identifiers import make_uscc
    from keqi.declarations import program_services, services
    from keqi.declarations.forms import form_of
    from keqi.enterprises.models import Enterprise, Qualification
    from keqi.formkit import engine
    from keqi.reference.models import Region

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_anchor (id bigserial PRIMARY KEY, user_id bigint, body text, "
            "created_at timestamptz NOT NULL DEFAULT now())"
            if connection.vendor == "postgresql"
            else "CREATE TABLE IF NOT EXISTS bench_anchor (id integer PRIMARY KEY AUTOINCREMENT, user_id bigint, "
            "body text, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    data["windows"] = [
        {"opens": (now - timedelta(days=1)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    data["status"] = "published"
    program = program_services.load(data)
    region = Region.objects.get(code="110114")
    prepared = []
    for index in range(users):
        name = f"压测申报企业{index}"
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None:
            enterprise = Enterprise.objects.create(
                name=name, uscc=make_uscc("110114", 70_000_000 + index), region=region, legal_representative="张三"
            )
            Qualification.objects.create(
                enterprise=enterprise, kind="specialized_sme", issued_on=date(2023, 6, 1), valid_until=date(2099, 5, 31)
            )
        username = f"bench_decl_{index}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=Role.ENTERPRISE, enterprise=enterprise)
            user.set_password("Bench#2026x")
            user.save()
        submission = services.start(actor=user, program=program)
        raw = engine.parse_post(form_of(submission.form), form_body(submission.version, 0))
        submission = services.save(actor=user, submission=submission, raw=raw, expected_version=submission.version)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "keqi.accounts.backends.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3600)
        session.create()
        prepared.append({"session": session.session_key, "submission": submission.pk, "version": submission.version})
    return prepared


def in_process(user: dict, saves: int = 60) -> None:
    """Queries per save and where a save's time goes, through the whole stack (test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(enforce_csrf_checks=False)
    client.cookies["sessionid"] = user["session"]
    url = f"/declarations/{user['submission']}/"

    def save(n):
        response = client.post(url, form_body(user["version"], n), headers={"X-Autosave": "1"})
        assert response.status_code == 200, response.content[:300]
        user["version"] = response.json()["version"]

    save(1)  # warm
    with CaptureQueriesContext(connection) as captured:
        save(2)
    print(f"\n### Queries per save: {len(captured.captured_queries)}\n")
    for query in captured.captured_queries:
        print(f"- {query['sql'][:150]}")
    db_time = [0.0]

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started

    profile = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        profile.enable()
        for n in range(3, 3 + saves):
            save(n)
        profile.disable()
    total = (time.perf_counter() - started) / saves * 1000
    print(f"\n### In-process save: {total:.1f} ms each, of which database {db_time[0] / saves * 1000:.1f} ms\n")
    stats = pstats.Stats(profile)
    stages = [
        ("whole request (test client)", "django/test/client.py", "request"),
        ("session read", "sessions/backends/db.py", "load"),
        ("user read", "django/contrib/auth/__init__.py", "get_user"),
        ("view", "keqi/declarations/views.py", "edit"),
        ("save service (lock … commit)", "keqi/declarations/services.py", "save_post"),
        ("parse the post", "keqi/formkit/engine.py", "parse_post"),
        ("validate", "keqi/formkit/engine.py", "validate"),
        ("store answers + figures + audit", "keqi/declarations/services.py", "_store"),
        ("figures upsert", "keqi/declarations/services.py", "_promote"),
        ("audit row", "keqi/core/audit.py", "record"),
        ("session save", "sessions/backends/db.py", "save"),
    ]
    print("| stage | ms per save (cumulative) |\n|---|---|")
    for label, path, name in stages:
        spent = sum(
            cumtime
            for (filename, _line, function), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items()
            if filename.endswith(path) and function == name
        )
        print(f"| {label} | {spent / saves * 1000:.1f} |")


BOUNDARY = "----keqibench7MA4YWxkTrZu0gW"


def multipart(body: dict) -> bytes:
    """The body as the page's autosave sends it (`fetch` with `new FormData(form)`)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in body.items()
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


def request(connection, path: str, body: dict, cookie: str, extra: dict, as_form_data: bool) -> tuple[int, bytes]:
    if as_form_data:
        payload, kind = multipart(body), f"multipart/form-data; boundary={BOUNDARY}"
    else:
        payload, kind = urlencode(body).encode(), "application/x-www-form-urlencoded"
    connection.request(
        "POST",
        path,
        body=payload,
        headers={"Cookie": cookie, "X-CSRFToken": CSRF, "Content-Type": kind, **extra},
    )
    response = connection.getresponse()
    return response.status, response.read()


def loop(kind: str, user: dict, deadline: float, latencies: list, errors: list, interval: float = 0.0):
    """Requests back to back, or (interval > 0) one every `interval` seconds from a random
    start: an offered rate below capacity, whose latencies are service, not queueing."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    cookie = f"sessionid={user['session']}; csrftoken={CSRF}"
    n = 0
    due = time.perf_counter() + random.random() * interval
    while time.perf_counter() < deadline:
        if interval:
            pause = min(due, deadline) - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            due += interval
            if time.perf_counter() >= deadline:
                break
        n += 1
        started = time.perf_counter()
        try:
            if kind == "anchor":
                status, body = request(connection, "/bench/insert/", {"body": f"第{n}次"}, cookie, {}, False)
            else:
                status, body = request(
                    connection,
                    f"/declarations/{user['submission']}/",
                    form_body(user["version"], n),
                    cookie,
                    {"X-Autosave": "1"},
                    True,
                )
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            connection.close()
            continue
        latencies.append(time.perf_counter() - started)
        if status != 200:
            errors.append(status)
        elif kind == "save":
            user["version"] = json.loads(body)["version"]


def run(kind: str, users: list[dict], seconds: float, rate: float = 0.0) -> dict:
    latencies: list[float] = []
    errors: list = []
    deadline = time.perf_counter() + seconds
    interval = len(users) / rate if rate else 0.0
    threads = [threading.Thread(target=loop, args=(kind, u, deadline, latencies, errors, interval)) for u in users]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors})[:5],
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument(
        "--paced", default="0.5,0.8", help="offered save rates as fractions of the measured save capacity"
    )
    args = parser.parse_args()
    prepared = prepare(args.users)
    if not args.skip_profile:
        in_process(dict(prepared[0]))
        from keqi.declarations.models import Submission

        prepared[0]["version"] = Submission.objects.get(pk=prepared[0]["submission"]).version
    env = {**os.environ, "KEQI_LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT / "bench")}
    command = [str(ROOT / ".venv/bin/gunicorn"), "declarations_wsgi:application", "--bind", f"127.0.0.1:{PORT}"]
    command += ["-k", "sync", "-w", str(args.workers), "--preload", "--backlog", "2048", "--log-level", "error"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                probe.request("GET", "/accounts/login/")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        run("anchor", prepared, 5)  # warm-up: worker connections, imports; not reported
        run("save", prepared, 5)
        print(
            f"\n### Load: gunicorn --preload, {args.workers} sync workers, {os.cpu_count()} CPUs, "
            f"{args.users} users, {args.seconds:g} s per run, load average before: {load_average()}\n"
        )
        print("| run | scenario | requests | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|---|---|")
        ratios, saves = [], []
        for round_no in range(1, args.rounds + 1):
            results = {}
            for kind in ("anchor", "save"):
                result = run(kind, prepared, args.seconds)
                results[kind] = result
                label = "one-row insert (anchor)" if kind == "anchor" else "save draft, full main form"
                kinds = f" {result['error_kinds']}" if result["errors"] else ""
                print(
                    f"| {round_no} | {label} | {result['requests']} | {result['rps']:.1f} | "
                    f"{result['p50']:.0f} | {result['p99']:.0f} | {result['errors']}{kinds} |",
                    flush=True,
                )
            ratios.append(results["save"]["rps"] / results["anchor"]["rps"])
            saves.append(results["save"]["rps"])
        print(f"\nsave / anchor req/s: {', '.join(f'{r:.0%}' for r in ratios)}; load average after: {load_average()}")
        capacity = statistics.median(saves)
        print(f"\n### Save at an offered rate below capacity ({capacity:.1f} req/s, median of the runs above)\n")
        print("| offered | achieved req/s | requests | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|")
        for fraction in [float(item) for item in args.paced.split(",") if item]:
            result = run("save", prepared, args.seconds, rate=capacity * fraction)
            print(
                f"| {fraction:.0%} ({capacity * fraction:.1f}/s) | {result['rps']:.1f} | {result['requests']} | "
                f"{result['p50']:.0f} | {result['p99']:.0f} | {result['errors']} |",
                flush=True,
            )
        print(f"\nload average after: {load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
