// Tabs: each section of a tabbed form is a panel; every panel stays in the page (hidden panels
// are still posted). The first tab with an error opens, else the last tab used on this record.
document.querySelectorAll(".formkit-tabs[data-tabs]").forEach((box) => {
  const tabs = [...box.querySelectorAll("[role=tab]")];
  const memory = "formkit-tab:" + box.dataset.tabs;
  function show(tab, focus) {
    tabs.forEach((t) => {
      const on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    });
    if (focus) tab.focus();
    try { sessionStorage.setItem(memory, tab.id); } catch (e) { /* private mode */ }
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => show(tab, false));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) { event.preventDefault(); show(tabs[(i + step + tabs.length) % tabs.length], true); }
      if (event.key === "Home") { event.preventDefault(); show(tabs[0], true); }
      if (event.key === "End") { event.preventDefault(); show(tabs[tabs.length - 1], true); }
    });
  });
  let remembered = null;
  try { remembered = document.getElementById(sessionStorage.getItem(memory)); } catch (e) { /* private mode */ }
  const first = tabs.find((t) => t.dataset.hasError === "1") || (tabs.includes(remembered) ? remembered : tabs[0]);
  show(first, false);
});

(function () {
  const form = document.getElementById("formkit-form");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("autosave-status");
  const key = form ? "formkit:" + form.dataset.record : null;
  const version = () => form.querySelector("[name=version]").value;

  // A table at its row limit disables its add button and says so (never a silent no-op).
  function syncAddButtons() {
    document.querySelectorAll("[data-add-row]").forEach((button) => {
      const box = button.closest("[data-table]");
      const max = parseInt(button.dataset.max, 10);
      const full = box.querySelectorAll("tbody tr[data-row]").length >= max;
      button.disabled = full;
      let note = box.querySelector(".row-limit");
      if (!note) {
        note = document.createElement("span");
        note.className = "help row-limit";
        note.setAttribute("role", "status");
        button.after(note);
      }
      note.textContent = full ? "已达上限：最多填写" + max + "条" : "";
    });
  }
  window.formkitSyncAddButtons = syncAddButtons;

  function addRow(table) {
    const box = document.querySelector('[data-table="' + table + '"]');
    const body = box.querySelector("tbody");
    const max = parseInt(box.querySelector("[data-add-row]").dataset.max, 10);
    if (body.querySelectorAll("tr[data-row]").length >= max) { syncAddButtons(); return null; }
    let index = 0;
    body.querySelectorAll("tr[data-row]").forEach(r => { index = Math.max(index, parseInt(r.dataset.row, 10) + 1); });
    const html = box.querySelector("template").innerHTML.replaceAll("__i__", index);
    body.insertAdjacentHTML("beforeend", html);
    const row = body.lastElementChild;
    const uid = "n" + Math.random().toString(36).slice(2, 12);
    row.dataset.uid = uid;
    row.querySelector('[name$="-_uid"]').value = uid;
    syncAddButtons();
    return row;
  }
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) { addRow(add.dataset.addRow); changed(); }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) { remove.closest("tr").remove(); syncAddButtons(); changed(); }
    const del = event.target.closest("[data-delete-url]");
    if (del) {
      event.preventDefault();
      const box = del.closest(".slot");
      const name = del.dataset.fileName || "该文件";
      window.keqiConfirm({title: del.dataset.confirmTitle || "确认删除附件", message: del.dataset.confirm || ("删除“" + name + "”后无法恢复，需要时请重新上传。"), ok: "删除", danger: true})
        .then(ok => {
          if (!ok) return;
          fetch(del.dataset.deleteUrl, {method: "POST", headers: {"X-CSRFToken": csrf, "X-Fragment": "1"}})
            .then(r => r.text()).then(html => { box.outerHTML = html; document.dispatchEvent(new CustomEvent("formkit:slot", {detail: {id: box.id}})); });
        });
    }
  });
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.matches("input[type=file][data-upload]")) return;
    const box = input.closest(".slot");
    const data = new FormData();
    data.append("file", input.files[0]);
    box.classList.add("busy");
    fetch(input.dataset.upload, {method: "POST", body: data, headers: {"X-CSRFToken": csrf}})
      .then(r => r.text()).then(html => { box.outerHTML = html; document.dispatchEvent(new CustomEvent("formkit:slot", {detail: {id: box.id}})); });
  });
  // show-if: a field is shown only while another field has the named value (the server clears it otherwise).
  function currentValue(name) {
    const checked = document.querySelector('[name="' + name + '"]:checked');
    if (checked) return checked.value;
    const el = document.querySelector('select[name="' + name + '"], input[name="' + name + '"]:not([type=radio])');
    return el ? el.value : "";
  }
  function applyShowIf() {
    document.querySelectorAll("[data-show-if]").forEach((box) => {
      const [name, value] = box.dataset.showIf.split("=");
      box.hidden = currentValue(name) !== value;
    });
  }
  document.addEventListener("change", applyShowIf);
  applyShowIf();
  syncAddButtons();
  if (!form) return;

  // P7: everything typed is kept in this browser until the server has it.
  function values() { return Array.from(new FormData(form).entries()).filter(([n]) => n !== "csrfmiddlewaretoken"); }
  // reason: "typing" (not yet autosaved), "submit" (a save was sent), "session" (the login ran out)
  function keep(reason) {
    localStorage.setItem(key, JSON.stringify({version: version(), values: values(), at: Date.now(), reason: reason || "typing"}));
  }
  let timer = null;
  function changed() {
    keep("typing"); clearTimeout(timer);
    const wait = parseInt(form.dataset.autosaveMs || "0", 10);
    if (wait > 0) timer = setTimeout(autosave, wait);  // 0: kept in this browser until 保存
  }
  function autosave() {
    const body = new FormData(form);
    status.textContent = "正在自动保存…";
    return fetch(form.action, {method: "POST", body: body, headers: {"X-Autosave": "1", "X-CSRFToken": csrf}, redirect: "manual"})
      .then(async (r) => {
        if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403 || r.status === 302) {
          keep("session");
          status.textContent = "登录已失效：填写内容已保留在本机，请重新登录后回到本页继续（内容将自动恢复）";
          status.className = "alert warning"; return;
        }
        const data = await r.json();
        if (data.ok) {
          form.querySelector("[name=version]").value = data.version;
          localStorage.removeItem(key);
          status.textContent = "已自动保存（" + new Date().toLocaleTimeString("zh-CN") + "）";
          status.className = "alert success";
        } else if (r.status === 409) {
          status.textContent = data.errors.__all__; status.className = "alert error";
        } else {
          status.textContent = "自动保存未成功：有" + Object.keys(data.errors).length + "处内容需要修改，请点击【保存】查看"; status.className = "alert error";
        }
      }).catch(() => { status.textContent = "网络中断：填写内容已保留在本机"; status.className = "alert warning"; });
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", (e) => { if (!e.target.matches("input[type=file]")) changed(); });
  form.addEventListener("submit", () => keep("submit"));
  window.formkitAutosave = autosave;

  // Restore what was typed before a lost session (same base version only).
  const saved = JSON.parse(localStorage.getItem(key) || "null");
  if (saved && saved.version !== version()) { localStorage.removeItem(key); }
  else if (saved && !form.dataset.hasErrors) {
    const current = JSON.stringify(values());
    if (JSON.stringify(saved.values) !== current) {
      const need = {};
      saved.values.forEach(([name]) => { const m = name.match(/^([a-z_0-9]+)-(\d+)-/); if (m) need[m[1]] = Math.max(need[m[1]] || 0, parseInt(m[2], 10) + 1); });
      Object.entries(need).forEach(([table, count]) => {
        const box = document.querySelector('[data-table="' + table + '"]');
        if (!box || !box.querySelector("template")) return;
        box.querySelectorAll("tbody tr[data-row]").forEach(r => { if (!saved.values.some(([n]) => n.startsWith(table + "-" + r.dataset.row + "-"))) r.remove(); });
        for (let i = 0; i < count; i++) {
          if (box.querySelector('tr[data-row="' + i + '"]') || !saved.values.some(([n]) => n.startsWith(table + "-" + i + "-"))) continue;
          const html = box.querySelector("template").innerHTML.replaceAll("__i__", i);
          box.querySelector("tbody").insertAdjacentHTML("beforeend", html);
        }
      });
      saved.values.forEach(([name, value]) => {
        form.querySelectorAll('[name="' + name + '"]').forEach(el => {
          if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === value; else el.value = value;
        });
      });
      syncAddButtons();
      const banner = document.getElementById("restored");
      const at = new Date(saved.at).toLocaleTimeString("zh-CN", {hour: "2-digit", minute: "2-digit"});
      if (banner) {
        banner.textContent = saved.reason === "session"
          ? "已恢复登录失效前未保存的填写内容，请检查后点击【保存】。"
          : "已恢复本页上次未保存的填写内容（" + at + "），请检查后点击【保存】。";
        banner.hidden = false;
      }
    }
  }
})();
