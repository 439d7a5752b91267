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

  // 确认 dialog: a submit button (or its form) with data-confirm asks before the form is sent.
  const dialog = document.getElementById("confirm-dialog");
  let pending = null;
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const submitter = event.submitter || null;
    const source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form.hasAttribute("data-confirm") ? form : null;
    if (!source || !dialog) return;
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    pending = {form: form, submitter: submitter};
    dialog.querySelector("#confirm-title").textContent = source.dataset.confirmTitle || "确认操作";
    dialog.querySelector("#confirm-message").textContent = source.dataset.confirm;
    const ok = dialog.querySelector("[data-confirm-ok]");
    ok.textContent = source.dataset.confirmOk || (submitter && submitter.textContent.trim()) || "确定";
    ok.classList.toggle("danger", (submitter || form).classList.contains("danger") || !!source.dataset.confirmDanger);
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
  }, true);
  if (dialog) {
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () { pending = null; dialog.close(); });
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      dialog.close();
      if (!pending) return;
      const {form, submitter} = pending;
      pending = null;
      form.dataset.confirmed = "1";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  }

  // Pager: choosing a page size reloads from the first page.
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (!select) return;
    const page = select.form.querySelector("[name=page]");
    if (page) page.value = "1";
    select.form.submit();
  });
})();
