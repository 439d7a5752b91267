// Page behaviour declared in data attributes, so pages need no inline script (Content-Security-Policy).
document.addEventListener("click", (event) => {
  const show = event.target.closest("[data-show-dialog]");
  if (show) document.getElementById(show.dataset.showDialog).showModal();
  const close = event.target.closest("[data-close-dialog]");
  if (close) document.getElementById(close.dataset.closeDialog).close();
  const captcha = event.target.closest("[data-refresh-captcha]");
  if (captcha) captcha.src = captcha.dataset.refreshCaptcha + "?t=" + Date.now();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  // Logging out on a shared computer: drafts kept in this browser for a lost session go too.
  if (!event.defaultPrevented && event.target.matches("form[data-logout]")) {
    Object.keys(localStorage).filter((key) => key.startsWith("formkit:")).forEach((key) => localStorage.removeItem(key));
  }
}, true);
// 确认 before every irreversible action on pages that include declarations/_confirm.html:
// the button's data-confirm states the consequence.
document.addEventListener("click", (event) => {
  if (!document.querySelector("[data-confirm-buttons]")) return;
  const button = event.target.closest("[data-confirm]");
  if (button && button.tagName !== "FORM" && !button.dataset.confirmed && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
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
