// Intake form (no inline script under the CSP; the form works without this file).
(function () {
  // 1. Offer only the grids of the chosen community; the server checks it too.
  const community = document.getElementById("id_community");
  const grid = document.getElementById("id_grid");
  if (community && grid) {
    const sync = function () {
      const chosen = community.value;
      for (const option of grid.options) {
        const owner = option.getAttribute("data-community");
        const show = !owner || !chosen || owner === chosen;
        option.hidden = !show;
        option.disabled = !show;
        if (!show && option.selected) {
          grid.value = "";
        }
      }
      for (const group of grid.querySelectorAll("optgroup")) {
        const visible = Array.from(group.children).some((option) => !option.hidden);
        group.hidden = !visible;
        group.disabled = !visible;
      }
    };
    community.addEventListener("change", sync);
    sync();
  }

  // 2. Parties: add a row from the <template>; 移除 an unsaved row (a saved one has its
  // own 删除 box, which works without JavaScript too).
  const rows = document.getElementById("party-rows");
  const template = document.getElementById("party-empty-row");
  const add = document.getElementById("party-add");
  const total = document.getElementById("id_parties-TOTAL_FORMS");
  const max = document.getElementById("id_parties-MAX_NUM_FORMS");
  const status = document.getElementById("party-status");
  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }
  if (!rows || !template || !add || !total) {
    return;
  }
  function showRemove(row) {
    const button = row.querySelector(".party-remove");
    if (button) {
      button.hidden = false;
    }
  }
  function countRows() {
    return rows.querySelectorAll("tr.party-row:not([hidden])").length;
  }
  rows.querySelectorAll("tr.party-row").forEach(showRemove);
  add.hidden = false;
  add.addEventListener("click", function () {
    const index = Number(total.value);
    if (max && index >= Number(max.value)) {
      return;
    }
    const html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(countRows() + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    showRemove(row);
    const first = row.querySelector("select, input");
    if (first) {
      first.focus();
    }
    announce("已添加一名当事人，共" + countRows() + "名。");
  });
  rows.addEventListener("click", function (event) {
    const button = event.target.closest(".party-remove");
    if (!button) {
      return;
    }
    const row = button.closest("tr");
    // Ticked 删除 (hidden on an unsaved row): the formset neither checks nor saves it.
    const remove = row.querySelector('input[name$="-DELETE"]');
    if (remove) {
      remove.checked = true;
    }
    row.hidden = true;
    add.focus();
    announce("已移除一名当事人，还有" + countRows() + "名。");
  });
})();
