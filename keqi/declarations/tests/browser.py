"""Browser helpers for declarations: fill any declared form generically from its document."""

from keqi.core.tests.sample_files import pdf_bytes

SAMPLE = {"date": "2024-03-01", "money": "12.5", "decimal": "85", "percent": "3.45", "integer": "10"}


def nav(page, label):
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=label, exact=True).click()


# Accepts the page's 确认 dialog (includes/confirm_dialog.html) as soon as it opens.
AUTO_CONFIRM = """
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("confirm-dialog");
  if (!dialog) return;
  new MutationObserver(() => { if (dialog.open) dialog.querySelector("[data-confirm-ok]").click(); })
    .observe(dialog, {attributes: true, attributeFilter: ["open"]});
});
"""


def accept_dialogs(page):
    """Say yes to every 确认: the in-page dialog and any native one."""
    page.on("dialog", lambda dialog: dialog.accept())
    page.add_init_script(AUTO_CONFIRM)


def value_for(spec: dict) -> str:
    kind = spec.get("type", "text")
    if spec.get("validator") == "year":
        return "2023"
    if spec.get("validator") == "industry_code":
        return "C3911"
    return SAMPLE.get(kind, f"{spec['label']}内容")


def fill_field(page, spec: dict, name: str, *, in_table: bool = False) -> None:
    kind = spec.get("type", "text")
    if "show_if" in spec or spec.get("readonly"):
        return
    if kind in ("choice", "yesno"):
        choices = spec.get("choices") or [["yes", "是"], ["no", "否"]]
        value = choices[0][0]
        if not in_table and len(choices) <= 3:
            page.check(f'[name="{name}"][value="{value}"]')
        else:
            page.select_option(f'[name="{name}"]', value)
        return
    page.fill(f'[name="{name}"]', value_for(spec))


def upload(page, slot_key: str, path, *, name: str | None = None) -> None:
    """Upload into the slot whose upload URL names `slot_key` and wait for the file to show."""
    selector = f'input[type=file][data-upload*="/upload/{slot_key}/"]'
    box_id = page.locator(selector).first.locator("xpath=ancestor::div[contains(@class,'slot')][1]").get_attribute("id")
    page.locator(selector).first.set_input_files(str(path))
    page.locator(f"#{box_id} .files li").first.wait_for()


def pdf_file(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(pdf_bytes(3000))
    return path
