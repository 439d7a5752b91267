// Totals follow the typing (研发费用总额, 季平均人数, Ⅰ/Ⅱ类知识产权); the server recomputes them
// on every save and its figures are the ones kept (declaration.rd_totals, staff_text, ip_counts).
(function () {
  const form = document.getElementById("formkit-form");
  const dataNode = document.getElementById("live-totals-data");
  if (!form || !dataNode) return;
  const live = JSON.parse(dataNode.textContent);
  const SCALE = 1000000;  // work in millionths of 万元: amounts have at most 4 decimals
  const YUAN = 100;       // 0.0001 万元 at that scale

  function units(text) {
    const clean = String(text || "").replace(/[,，\s]/g, "");
    if (!/^-?\d+(\.\d{0,4})?$/.test(clean)) return null;
    return Math.round(parseFloat(clean) * SCALE);
  }
  function plain(value) {
    return (value / SCALE).toFixed(6).replace(/\.?0+$/, "");
  }
  function money2(value) {
    return (value / SCALE).toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }
  function show(key, text) {
    const dd = document.getElementById("computed-" + key);
    if (!dd) return;
    const unit = dd.dataset.unit || "";
    dd.textContent = text === null ? "— " + unit : text + (unit ? " " + unit : "");
  }
  function rows(table) {
    return Array.from(document.querySelectorAll('[data-table="' + table + '"] tbody tr[data-row]'));
  }
  function cell(row, column) {
    const input = row.querySelector('[name$="-' + column + '"]');
    if (input) return input.value;
    const td = row.querySelector('td[data-column="' + column + '"]');
    return td ? (td.dataset.value || "") : "";
  }

  function rd() {
    let actual = 0, domestic = 0, overseas = 0;
    rows("rd_projects").forEach((row) => {
      const amount = units(cell(row, "amount"));
      const kind = cell(row, "form");
      const share = parseFloat(live.shares[kind] || "1");
      const counted = amount === null ? null : Math.round(amount * share);
      const td = row.querySelector('td[data-column="counted"]');
      if (td) td.textContent = counted === null ? "—" : money2(counted);
      if (amount === null) return;
      actual += amount;
      if (!live.shares[kind]) return;
      if (kind === live.overseas) overseas += counted; else domestic += counted;
    });
    let limit = domestic * 2 / 3;
    if ((domestic * 2) % 3 !== 0) limit = Math.floor(limit / YUAN) * YUAN;
    const total = domestic + Math.min(overseas, limit);
    show("rd_actual_total", plain(actual));
    show("rd_counted_total", plain(total));
    show("rd_expense", plain(total));
  }

  function staff(prefix) {
    let sum = 0;
    const quarters = rows("hr_quarters");
    for (const row of quarters) {
      for (const end of ["start", "end"]) {
        const text = cell(row, prefix + "_" + end).trim();
        if (!/^\d+$/.test(text)) return null;
        sum += parseInt(text, 10);
      }
    }
    if (quarters.length !== 4) return null;
    const whole = Math.floor(sum / 8 + 0.5);  // half up, as the server rounds
    if (sum % 8 === 0) return whole + "人";
    return whole + "人（全年季平均数" + String(sum / 8) + "人，四舍五入）";
  }

  function ip() {
    let class1 = 0, class2 = 0;
    const byType = new Map();
    rows("ip_rows").forEach((row) => {
      const code = cell(row, "ip_type");
      if (!code) return;
      byType.set(code, (byType.get(code) || 0) + 1);
      if (live.ip_classes[code] === 1) class1 += 1;
      else if (live.ip_classes[code] === 2) class2 += 1;
    });
    show("ip_class1", String(class1));
    show("ip_class2", String(class2));
    const text = Array.from(byType, ([code, count]) => (live.ip_names[code] || code) + " " + count).join("；");
    show("ip_by_type", text || "—");
  }

  function update() {
    rd();
    show("employees", staff("emp"));
    show("tech_staff", staff("tech"));
    ip();
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-remove-row]") || event.target.closest("[data-add-row]")) setTimeout(update, 0);
  });
})();
