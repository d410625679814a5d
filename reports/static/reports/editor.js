// Report section editor: insert figure placeholders at the cursor, filter the figure list.
// No inline script (CSP); the live preview itself is htmx (hx-post on #section-preview).
(function () {
  "use strict";
  let lastField = null;

  document.addEventListener("focusin", function (event) {
    const field = event.target;
    if (field.matches("#id_text, #id_heading")) {
      lastField = field;
    }
  });

  function insertAtCursor(field, text) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.focus();
    field.selectionStart = field.selectionEnd = start + text.length;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-insert-key]");
    if (!button) {
      return;
    }
    event.preventDefault();
    const field = lastField || document.getElementById("id_text");
    if (!field) {
      return;
    }
    const select = document.getElementById("placeholder-format");
    const fmt = select && !button.hasAttribute("data-plain") ? select.value : "";
    insertAtCursor(field, "【" + button.getAttribute("data-insert-key") + (fmt ? "|" + fmt : "") + "】");
  });

  document.addEventListener("input", function (event) {
    const filter = event.target.closest("[data-figure-filter]");
    if (!filter) {
      return;
    }
    const needle = filter.value.trim();
    document.querySelectorAll("[data-figure-row]").forEach(function (row) {
      row.hidden = needle !== "" && !row.getAttribute("data-figure-row").includes(needle);
    });
  });
})();
