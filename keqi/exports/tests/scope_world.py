"""Out-of-scope exports for the permission walker (P1, P10): a finished export of a Chongqing
officer whose file names and holds the out-of-scope enterprise; nobody else may list or download it."""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from keqi.accounts.models import Role
from keqi.exports.models import ExportJob


def build(world, make_enterprise, make_user) -> None:
    outside = world["outside"]
    owner = make_user(Role.DISTRICT, region_code="500240")
    folder = Path(tempfile.mkdtemp(prefix="keqi-scope-export-"))
    path = folder / "secret.xlsx"
    # Plain text rather than a zipped workbook, so a leaked download shows the secret verbatim.
    path.write_text(f"{outside.name} {outside.uscc}", encoding="utf-8")
    job = ExportJob.objects.create(
        owner=owner,
        dataset="enterprises",
        title="企业信息查询",
        params={"q": outside.name},
        fields=["name", "uscc"],
        status=ExportJob.Status.DONE,
        total_rows=1,
        done_rows=1,
        file_name="石柱机密导出.xlsx",
        file_path=str(path),
        file_size=path.stat().st_size,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    world["params"]["export_id"] = job.pk
    world["params"]["dataset"] = "enterprises"
    world["route_params"]["exports/<int:pk>/download/"] = {"pk": job.pk}
    world["route_params"]["exports/<int:pk>/cancel/"] = {"pk": job.pk}
    world["secrets"].append("石柱机密导出")

    def export_untouched():
        row = ExportJob.objects.get(pk=job.pk)
        assert row.owner_id == owner.pk and row.status == ExportJob.Status.DONE
        assert Path(row.file_path).read_text(encoding="utf-8").startswith(outside.name)

    world["untouched"].append(export_untouched)
