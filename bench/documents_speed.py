"""Generated documents in a deadline rush (issue 9): render time and memory of the evaluation's
cover (1 page), 入库审核表 and a five-page 申报表 (the generic form print of a full evaluation),
against an anchor (a one-line PDF) rendered in the same process.

    KEQI_VAR_DIR=/tmp/doc-bench .venv/bin/python bench/documents_speed.py [--warm 15] [--docs 100]
        [--renderer both|new|legacy]

Every scenario runs in its own fresh child process:

- cold: `django.setup()` then the first cover, no warm-up (a management command, a worker
  without the warm-up);
- worker: import `keqi.wsgi` as gunicorn does (with `--preload` in the master, or in each
  worker before it accepts requests), then fork a worker that renders its first cover, and
  another its first 入库审核表;
- warm: a worker (`keqi.wsgi` imported), after two renders of each, `--warm` renders of each
  document, interleaved: wall min / p50 / max and CPU p50;
- memory: a worker, `--docs` covers, then `--docs` documents cycling cover / 入库审核表 / 申报表,
  with RSS after each and the peak (VmHWM);
- gunicorn: a real `gunicorn --preload` with one fresh sync worker (`bench/documents_wsgi.py`):
  after one readiness request, the worker's first cover and 入库审核表 over HTTP, then 5 covers.

`legacy` is the renderer before issue 9 (a new FontConfiguration per render and an
``@font-face`` pointing at the Noto CJK collection, copied per render); `new` is
`keqi.formkit.pdf`. Both render the same templates and contexts through `keqi.documents`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FIVE_PAGE = "bench.application"
COVER, AUDIT_FORM = "bench.cover", "bench.audit_form"  # the tech-sme program's documents


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def mb(kb: int) -> float:
    return round(kb / 1024, 1)


# ---------------------------------------------------------------- data (run once, in a child)


def prepare() -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from keqi.accounts.models import Agency, Role, User
    from keqi.core.identifiers import make_uscc
    from keqi.declarations.models import Submission
    from keqi.declarations.tests.tech_sme import complete_profile, filled
    from keqi.enterprises.models import Enterprise
    from keqi.reference.models import Region

    call_command("migrate", verbosity=0)
    enterprise = Enterprise.objects.filter(name="北京文件压测科技有限公司").first()
    if enterprise is None:
        region = Region.objects.get(code="110114")
        enterprise = complete_profile(
            Enterprise.objects.create(
                name="北京文件压测科技有限公司", uscc=make_uscc("110114", 70_000_001), region=region
            )
        )
    user = User.objects.filter(username="bench_documents").first() or User.objects.create_user(
        username="bench_documents", password="Bench#2026x", role=Role.ENTERPRISE, enterprise=enterprise
    )
    agency = Agency.objects.get_or_create(
        name="文件压测评价机构", defaults={"region": Region.objects.get(code="110000")}
    )[0]
    evaluation = Submission.objects.filter(enterprise=enterprise, program__series="tech-sme").first()
    if evaluation is None:  # the tech-SME evaluation on the program host, submitted to the agency
        evaluation = filled(enterprise, user, agency=agency)
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(3600)
    session.create()
    return {"evaluation": evaluation.pk, "session": session.session_key}


# ---------------------------------------------------------------- renderers


def legacy_render_pdf(template: str, context: dict) -> bytes:
    """`keqi.formkit.pdf.render_pdf` as it was before issue 9."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    font_css = f'@font-face {{ font-family: "KeqiCJK"; src: url("file://{FONT}"); }}'
    html = render_to_string(template, {**context, "font_css": font_css})
    if font_css not in html:  # engine templates no longer carry the @font-face
        html = html.replace("<style>", "<style>" + font_css, 1)
    return HTML(string=html, base_url=str(ROOT / "keqi" / "formkit")).write_pdf()


def use_renderer(renderer: str) -> None:
    from keqi.documents import services

    if renderer == "legacy":
        services.render_pdf = legacy_render_pdf


def five_page_kind():
    """A 申报表: the generic form print (`documents/form.html`) of a full evaluation; and the
    program's own cover and 入库审核表 registered under the keys this bench names."""
    from keqi.declarations import documents
    from keqi.declarations.forms import form_of
    from keqi.declarations.models import Program
    from keqi.documents.registry import DocumentKind, register
    from keqi.formkit.engine import bind

    program = Program.objects.filter(series="tech-sme").order_by("-year").first()
    if program is not None:
        for key, name in ((COVER, "cover"), (AUDIT_FORM, "audit_form")):
            register(replace(documents.find(program, name)[1], key=key))

    def context(evaluation):
        answers = dict(evaluation.answers)
        projects = answers.get("rd_projects") or []
        answers["rd_projects"] = [
            {**projects[i % len(projects)], "_uid": f"b{i}", "name": f"智能传感算法研究（第{i + 1}期）"}
            for i in range(10)
        ]
        products = answers.get("products") or []
        answers["products"] = [{**products[0], "_uid": f"g{i}", "name": f"工业物联网网关型号{i + 1}"} for i in range(6)]
        return {"sections": bind(form_of(evaluation.form), answers), "heading": "科技型中小企业评价申报表"}

    kind = DocumentKind(key=FIVE_PAGE, title="申报表", template="documents/form.html", context=context)
    register(kind)
    return kind


def anchor_pdf(renderer: str) -> bytes:
    html = "<html><body><p>x</p></body></html>"
    if renderer == "legacy":
        from weasyprint import HTML

        return HTML(string=html).write_pdf()
    from keqi.formkit.pdf import html_to_pdf

    return html_to_pdf(html)


def pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# ---------------------------------------------------------------- scenarios (each in a child)


def setup_django(renderer: str, *, wsgi: bool = False) -> float:
    started = time.perf_counter()
    if renderer == "legacy":
        os.environ["KEQI_PDF_WARMUP"] = "0"
    if wsgi:
        import keqi.wsgi  # noqa: F401  (what gunicorn imports)
    else:
        import django

        django.setup()
    use_renderer(renderer)
    five_page_kind()
    return time.perf_counter() - started


def record(pk: int):
    from keqi.declarations.models import Submission

    return Submission.objects.select_related("program", "enterprise", "agency", "form").get(pk=pk)


def timed(kind: str, evaluation, cpu: list | None = None) -> tuple[float, bytes]:
    """Wall milliseconds (and CPU milliseconds of this process appended to `cpu`): on a shared,
    busy machine the CPU time shows what the render costs, the wall time what a user waits."""
    from keqi.documents import services

    started, started_cpu = time.perf_counter(), time.process_time()
    pdf, _version = services.generate(kind, evaluation, actor=None)
    if cpu is not None:
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (time.perf_counter() - started) * 1000, pdf


def scenario_cold(args) -> dict:
    setup = setup_django(args.renderer)
    evaluation = record(args.pk)
    cpu = []
    first, _pdf = timed(COVER, evaluation, cpu)
    return {
        "first_cover_cpu_ms": round(cpu[0]),
        "process_to_setup_s": round(time.perf_counter() - STARTED - first / 1000, 2),
        "setup_s": round(setup, 2),
        "first_cover_ms": round(first),
        "process_to_first_cover_s": round(time.perf_counter() - STARTED, 2),
    }


def scenario_worker(args) -> dict:
    started_cpu = time.process_time()
    boot = setup_django(args.renderer, wsgi=True)
    boot_cpu = time.process_time() - started_cpu
    from django.db import connections

    connections.close_all()  # as gunicorn's master: no connection shared with the workers
    result = {"wsgi_import_s": round(boot, 2), "wsgi_import_cpu_s": round(boot_cpu, 2)}
    for kind in (COVER, AUDIT_FORM):
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the fresh worker
            os.close(read)
            evaluation = record(args.pk)
            cpu = []
            elapsed, _pdf = timed(kind, evaluation, cpu)
            os.write(write, json.dumps({"ms": elapsed, "cpu": cpu[0], "rss": status_kb("VmRSS")}).encode())
            os._exit(0)
        os.close(write)
        data = json.loads(os.read(read, 1000))
        os.waitpid(child, 0)
        result[f"fresh_worker_first_{kind.rsplit('.', 1)[1]}_ms"] = round(data["ms"])
        result[f"fresh_worker_first_{kind.rsplit('.', 1)[1]}_cpu_ms"] = round(data["cpu"])
        result[f"fresh_worker_rss_after_{kind.rsplit('.', 1)[1]}_mb"] = mb(data["rss"])
    return result


def scenario_warm(args) -> dict:
    setup_django(args.renderer, wsgi=True)  # a worker: warmed up by keqi.wsgi (new)
    evaluation = record(args.pk)
    kinds = (COVER, AUDIT_FORM, FIVE_PAGE)
    for _ in range(2):
        anchor_pdf(args.renderer)
        for kind in kinds:
            timed(kind, evaluation)
    result = {}
    samples: dict[str, list[float]] = {"anchor": [], **{kind: [] for kind in kinds}}
    cpu: dict[str, list[float]] = {"anchor": [], **{kind: [] for kind in kinds}}
    sizes = {}
    for _ in range(args.warm):  # interleaved, so load on the machine hits all alike
        started, started_cpu = time.perf_counter(), time.process_time()
        anchor_pdf(args.renderer)
        samples["anchor"].append((time.perf_counter() - started) * 1000)
        cpu["anchor"].append((time.process_time() - started_cpu) * 1000)
        for kind in kinds:
            elapsed, pdf = timed(kind, evaluation, cpu[kind])
            samples[kind].append(elapsed)
            sizes[kind] = (pages(pdf), len(pdf) // 1024)
    anchor = statistics.median(samples["anchor"])
    for name, values in samples.items():
        p50 = statistics.median(values)
        row = {
            "min": round(min(values)),
            "p50": round(p50),
            "max": round(max(values)),
            "x_anchor": round(p50 / anchor, 1),
            "cpu_p50": round(statistics.median(cpu[name])),
            "cpu_x_anchor": round(statistics.median(cpu[name]) / statistics.median(cpu["anchor"]), 1),
        }
        if name in sizes:
            row["pages"], row["kb"] = sizes[name]
        result[name] = row
    result["peak_rss_mb"] = mb(status_kb("VmHWM"))
    return result


def weasyprint_temp_dirs() -> set[str]:
    """WeasyPrint's font copies in this child's own TMPDIR (other processes on the machine have
    theirs elsewhere)."""
    import tempfile

    return {path.name for path in Path(tempfile.gettempdir()).glob("weasyprint-*")}


def scenario_memory(args) -> dict:
    temp_before = weasyprint_temp_dirs()
    setup_django(args.renderer, wsgi=True)
    evaluation = record(args.pk)
    result = {}
    for label, cycle in (
        ("covers", (COVER,)),
        ("mixed", (COVER, AUDIT_FORM, FIVE_PAGE)),
    ):
        rss = []
        for index in range(args.docs):
            timed(cycle[index % len(cycle)], evaluation)
            rss.append(status_kb("VmRSS"))
        marks = sorted({1, 10, 25, 40, 50, 75, args.docs} & set(range(1, args.docs + 1)))
        result[label] = {
            "rss_mb_after": {n: mb(rss[n - 1]) for n in marks},
            "peak_rss_mb": mb(status_kb("VmHWM")),
        }
    result["temp_font_dirs_left"] = len(weasyprint_temp_dirs() - temp_before)
    return result


def scenario_gunicorn(args, renderer: str, prepared: dict) -> dict:
    """A real gunicorn (`--preload`, one sync worker): the worker's first cover and 入库审核表 over
    HTTP after one readiness request, then five more covers."""
    import http.client

    port = 8791
    env = {**os.environ, "BENCH_DOCUMENTS_RENDERER": renderer}
    if renderer == "legacy":
        env["KEQI_PDF_WARMUP"] = "0"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "documents_wsgi:application", "--pythonpath", str(ROOT / "bench")),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--preload", "--log-level", "error"),
        ],
        cwd=ROOT,
        env=env,
    )
    cookie = {"Cookie": f"sessionid={prepared['session']}"}

    def get(path: str) -> tuple[float, int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        connection.request("GET", path, headers=cookie)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return (time.perf_counter() - started) * 1000, response.status, body

    try:
        started = time.perf_counter()
        for _ in range(600):
            try:
                get("/")  # readiness: the worker's first request, not a document
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        base = f"/declarations/{prepared['evaluation']}/documents"
        first_cover, status, body = get(f"{base}/cover.pdf")
        assert status == 200 and body.startswith(b"%PDF"), status
        first_audit, status, _body = get(f"{base}/audit_form.pdf")
        assert status == 200, status
        warm = sorted(get(f"{base}/cover.pdf")[0] for _ in range(5))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "server_ready_s": round(ready, 2),
        "first_cover_ms": round(first_cover),
        "first_audit_form_ms": round(first_audit),
        "then_cover_p50_ms": round(warm[2]),
    }


SCENARIOS = {
    "cold": scenario_cold,
    "worker": scenario_worker,
    "warm": scenario_warm,
    "memory": scenario_memory,
    "gunicorn": scenario_gunicorn,
}


def child(args) -> None:
    if args.child == "prepare":
        print(json.dumps(prepare()))
        return
    print(json.dumps(SCENARIOS[args.child](args)))


def run_child(name: str, args, renderer: str, pk: int) -> dict:
    command = [sys.executable, __file__, "--child", name, "--renderer", renderer, "--pk", str(pk)]
    command += ["--warm", str(args.warm), "--docs", str(args.docs)]
    import tempfile

    with tempfile.TemporaryDirectory(prefix="documents-bench-") as private:
        env = {**os.environ, "TMPDIR": private}
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warm", type=int, default=15)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--renderer", choices=("both", "new", "legacy"), default="both")
    parser.add_argument("--only", help="comma-separated scenarios (cold, worker, warm, memory, gunicorn)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pk", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    prepared = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child", "prepare"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    renderers = ("legacy", "new") if args.renderer == "both" else (args.renderer,)
    names = args.only.split(",") if args.only else list(SCENARIOS)
    print(f"load average before: {os.getloadavg()}")
    for name in names:
        for renderer in renderers:
            if name == "gunicorn":
                result = scenario_gunicorn(args, renderer, prepared)
            else:
                result = run_child(name, args, renderer, prepared["evaluation"])
            print(f"{name:7} {renderer:7} {json.dumps(result, ensure_ascii=False)}", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
