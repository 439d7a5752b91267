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
