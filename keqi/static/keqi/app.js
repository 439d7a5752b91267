/* Keqi page components (docs/ui.md): phone menu, 确认 dialog, pager size. No framework. */
(function () {
  "use strict";

  // Phone navigation: the menu button opens and closes the side navigation.
  document.addEventListener("click", function (event) {
    const toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) return;
    const nav = document.getElementById(toggle.getAttribute("aria-controls"));
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });

  // 确认 dialog: a submit button (or its form) with data-confirm asks before the form is sent;
  // scripts call window.keqiConfirm({title, message, ok, danger}) → Promise<boolean>.
  const dialog = document.getElementById("confirm-dialog");
  let answer = null;
  function ask(options) {
    if (!dialog) return Promise.resolve(window.confirm(options.message));
    dialog.querySelector("#confirm-title").textContent = options.title || "确认操作";
    dialog.querySelector("#confirm-message").textContent = options.message;
    const ok = dialog.querySelector("[data-confirm-ok]");
    ok.textContent = options.ok || "确定";
    ok.classList.toggle("danger", !!options.danger);
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
    return new Promise(function (resolve) { answer = resolve; });
  }
  function settle(value) {
    if (dialog.open) dialog.close();
    const resolve = answer;
    answer = null;
    if (resolve) resolve(value);
  }
  window.keqiConfirm = ask;
  if (dialog) {
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () { settle(false); });
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", function () { settle(true); });
    dialog.addEventListener("cancel", function () { settle(false); });  // Esc
  }
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const submitter = event.submitter || null;
    const source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form.hasAttribute("data-confirm") ? form : null;
    if (!source || !source.dataset.confirm) return;
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask({
      title: source.dataset.confirmTitle,
      message: source.dataset.confirm,
      ok: source.dataset.confirmOk || (submitter && submitter.textContent.trim()),
      danger: (submitter || form).classList.contains("danger"),
    }).then(function (ok) {
      if (!ok) return;
      // Not while the first submit event is still being dispatched: the browser would ignore it.
      setTimeout(function () {
        form.dataset.confirmed = "1";
        if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
      }, 0);
    });
  }, true);

  // Pager: choosing a page size reloads from the first page.
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (!select) return;
    const page = select.form.querySelector("[name=page]");
    if (page) page.value = "1";
    select.form.submit();
  });
})();

// Page behaviour declared in data attributes, so pages need no inline script (Content-Security-Policy).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const show = event.target.closest("[data-show-dialog]");
  if (show) document.getElementById(show.dataset.showDialog).showModal();
  const close = event.target.closest("[data-close-dialog]");
  if (close) document.getElementById(close.dataset.closeDialog).close();
  const captcha = event.target.closest("[data-refresh-captcha]");
  if (captcha) captcha.src = captcha.dataset.refreshCaptcha + "?t=" + Date.now();
});
document.addEventListener("submit", (event) => {
  // Logging out on a shared computer: drafts kept in this browser for a lost session go too.
  if (!event.defaultPrevented && event.target.matches("form[data-logout]")) {
    Object.keys(localStorage).filter((key) => key.startsWith("formkit:")).forEach((key) => localStorage.removeItem(key));
  }
});
// A page that reloads itself when one of its slots changes (declarations: a signed copy changes
// the document's state, which the server decides).
document.addEventListener("formkit:slot", (event) => {
  const host = document.querySelector("[data-slot-reload-prefix]");
  if (host && event.detail.id.startsWith(host.dataset.slotReloadPrefix)) {
    window.location.assign(host.dataset.slotReloadUrl + "?t=" + Date.now() + (host.dataset.slotReloadHash || ""));
  }
});
// A form that only shows fields (a preview) never submits.
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-inert]")) event.preventDefault();
});
// A table box that scrolls sideways and holds nothing focusable must still be reachable by the
// keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"): make it a named, focusable region.
(function () {
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function reachable() {
    document.querySelectorAll(".table-scroll, .table-wrap").forEach((box) => {
      if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth + 1 || box.querySelector(FOCUSABLE)) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        const caption = box.querySelector("caption");
        const heading = box.closest("section, .card") && box.closest("section, .card").querySelector("h2, h3");
        box.setAttribute("aria-label", ((caption || heading) ? (caption || heading).textContent.trim() : "表格") + "（可横向滚动）");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reachable);
  else reachable();
  window.addEventListener("resize", reachable);
})();
