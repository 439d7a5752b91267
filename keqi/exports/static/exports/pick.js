// The export field picker (exports/_pick_form.html); a static file for the Content-Security-Policy.
document.querySelectorAll("form.export-form:not([data-picker-ready])").forEach(function (form) {
  form.dataset.pickerReady = "1";
  const body = form.querySelector(".export-fields tbody");
  const boxes = () => Array.from(form.querySelectorAll("input[name=fields]"));
  function renumber() {
    body.querySelectorAll("tr[data-export-field]").forEach((row, index) => { row.querySelector(".order").value = index + 1; });
  }
  function count() {
    const checked = boxes().filter((box) => box.checked).length;
    form.querySelector("[data-export-count]").textContent = "已选" + checked + "个字段";
  }
  form.addEventListener("click", (event) => {
    const select = event.target.closest("[data-export-select]");
    if (select) {
      const all = select.dataset.exportSelect === "all";
      boxes().forEach((box) => { box.checked = all ? true : !box.checked; });
      count();
    }
    const move = event.target.closest("[data-export-move]");
    if (move) {
      const row = move.closest("tr");
      if (move.dataset.exportMove === "-1" && row.previousElementSibling) row.parentNode.insertBefore(row, row.previousElementSibling);
      if (move.dataset.exportMove === "1" && row.nextElementSibling) row.parentNode.insertBefore(row.nextElementSibling, row);
      renumber();
      move.focus();
    }
  });
  form.addEventListener("change", count);
  count();
});
