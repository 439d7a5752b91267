"""Save-draft and submit under concurrent load (issue 4, X7): gunicorn + PostgreSQL on this
machine, driven by a small threaded HTTP/1.1 keep-alive client (no extra tool needed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eval_bench KEQI_VAR_DIR=/tmp/eval-bench \
        .venv/bin/python bench/evaluation_load.py [--users 64] [--seconds 20] [--workers 4]

1. migrates the database, creates N enterprises with a logged-in session each and a filled,
   qualifying evaluation with its attachments and signed cover (through the real services);
2. starts gunicorn on 127.0.0.1 (sync workers, persistent DB connections);
3. for 16 and 64 concurrent users: each user repeatedly autosaves its draft (the page's
   X-Autosave POST, with the version check), then repeatedly submits to the agency and
   withdraws again (submit is timed; withdraw is not);
4. prints requests/s and p50/p99 per scenario as a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")
PORT = 8765
CSRF = "b" * 32


def prepare(users: int) -> list[dict]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from keqi.accounts.models import Agency, Role, User
    from keqi.core.identifiers import make_uscc
    from keqi.enterprises.models import Enterprise
    from keqi.evaluation import services
    from keqi.evaluation.declaration import EVALUATION_FORM
    from keqi.evaluation.models import Evaluation
    from keqi.evaluation.tests.helpers import EVIDENCE_SLOTS, QUALIFYING, complete_profile, pdf_bytes
    from keqi.formkit import engine
    from keqi.reference.models import Region

    call_command("migrate", verbosity=0)
    region = Region.objects.get(code="110114")
    agency = Agency.objects.get_or_create(name="压测评价机构", defaults={"region": Region.objects.get(code="110000")})[
        0
    ]
    prepared = []
    for index in range(users):
        enterprise = Enterprise.objects.filter(name=f"压测企业{index}").first()
        if enterprise is None:
            enterprise = complete_profile(
                Enterprise.objects.create(
                    name=f"压测企业{index}", uscc=make_uscc("110114", 60_000_000 + index), region=region
                )
            )
        user = User.objects.filter(username=f"bench_ent_{index}").first() or User.objects.create_user(
            username=f"bench_ent_{index}", password="Bench#2026x", role=Role.ENTERPRISE, enterprise=enterprise
        )
        evaluation = Evaluation.objects.filter(enterprise=enterprise).first()
        if evaluation is None:
            evaluation = services.create_evaluation(actor=user, enterprise=enterprise)
            services.acknowledge(actor=user, evaluation=evaluation)
            raw = engine.parse_post(EVALUATION_FORM, QUALIFYING)
            evaluation = services.save_answers(
                actor=user, evaluation=evaluation, raw=raw, expected_version=evaluation.version
            )
            for slot in EVIDENCE_SLOTS:
                services.upload(
                    actor=user,
                    evaluation=evaluation,
                    slot_key=slot,
                    upload_file=SimpleUploadedFile("证明.pdf", pdf_bytes()),
                )
        if evaluation.status != "draft" and evaluation.status != "withdrawn":
            services.decide(actor=user, evaluation=evaluation, action="withdraw")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3600)
        session.create()
        evaluation.refresh_from_db()
        prepared.append({"session": session.session_key, "evaluation": evaluation.pk, "version": evaluation.version})
    return prepared, agency.pk


class Client:
    def __init__(self, session_key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookie = f"sessionid={session_key}; csrftoken={CSRF}"

    def post(self, path: str, data: dict, headers: dict | None = None) -> http.client.HTTPResponse:
        body = urlencode(data, doseq=True)
        all_headers = {
            "Cookie": self.cookie,
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/",
            **(headers or {}),
        }
        self.connection.request("POST", path, body=body, headers=all_headers)
        response = self.connection.getresponse()
        response.read()
        return response


def save_loop(user: dict, deadline: float, latencies: list, errors: list, counter: list):
    import json

    client = Client(user["session"])
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        data = {"version": str(user["version"]), "contact_name": f"压测{n}", "other_info": f"第{n}次自动保存"}
        started = time.perf_counter()
        client.connection.request(
            "POST",
            f"/evaluation/{user['evaluation']}/form/",
            body=urlencode(data),
            headers={
                "Cookie": client.cookie,
                "X-CSRFToken": CSRF,
                "X-Autosave": "1",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = client.connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status == 200:
            user["version"] = json.loads(body)["version"]
        else:
            errors.append(response.status)
    counter.append(n)


def submit_loop(user: dict, agency: int, deadline: float, latencies: list, errors: list, counter: list):
    client = Client(user["session"])
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        started = time.perf_counter()
        response = client.post(f"/evaluation/{user['evaluation']}/submit/", {"agency": agency})
        latencies.append(time.perf_counter() - started)
        if response.status != 302 or not response.getheader("Location", "").endswith("/evaluation/"):
            errors.append(response.status)
        client.post(f"/evaluation/{user['evaluation']}/withdraw/", {})
    counter.append(n)


def attach_covers(prepared: list[dict]) -> None:
    """After the save scenarios: print the cover and upload the signed copy (submit needs it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.evaluation import services
    from keqi.evaluation.models import Evaluation
    from keqi.evaluation.tests.helpers import pdf_bytes
    from keqi.files.models import Attachment

    for user in prepared:
        evaluation = Evaluation.objects.select_related("enterprise").get(pk=user["evaluation"])
        actor = evaluation.enterprise.accounts.first()
        if evaluation.status not in ("draft", "withdrawn"):
            evaluation = services.decide(actor=actor, evaluation=evaluation, action="withdraw")
        evaluation = services.mark_cover_printed(actor=actor, evaluation=evaluation)
        if not Attachment.objects.filter(owner_id=evaluation.pk, slot="cover").exists():
            services.upload(
                actor=actor,
                evaluation=evaluation,
                slot_key="cover",
                upload_file=SimpleUploadedFile("封面.pdf", pdf_bytes()),
            )


def run(kind: str, users: list[dict], agency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list = []
    counter: list = []
    deadline = time.perf_counter() + seconds
    target = save_loop if kind == "save" else submit_loop
    threads = [
        threading.Thread(
            target=target,
            args=(u, deadline, latencies, errors, counter)
            if kind == "save"
            else (u, agency, deadline, latencies, errors, counter),
        )
        for u in users
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "errors": len(errors),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    prepared, agency = prepare(args.users)
    env = {**os.environ, "KEQI_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "keqi.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--preload",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        run("save", prepared, agency, 10)  # warm-up (worker imports, connections), not reported
        print(
            f"gunicorn --preload {args.workers} workers × 4 threads (gthread), {os.cpu_count()} CPUs, {args.seconds:g}s per scenario"
        )
        print("| scenario | users | requests | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|---|---|")
        for kind in ("save", "submit"):
            if kind == "submit":
                attach_covers(prepared)
            for concurrency in (16, 64):
                result = run(kind, prepared[:concurrency], agency, args.seconds)
                label = "save draft (autosave POST)" if kind == "save" else "submit to agency"
                print(
                    f"| {label} | {concurrency} | {result['requests']} | {result['rps']:.1f} | "
                    f"{result['p50']:.0f} | {result['p99']:.0f} | {result['errors']} |",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
