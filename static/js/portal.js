// Behaviour without inline scripts (CSP forbids them): declarative data-* hooks.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const trigger = event.target.closest("[data-confirm]");
    if (trigger && !window.confirm(trigger.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  });

  // "返回上一页" on the error pages: back in history when the visitor came from one of
  // our pages, else the link's own href (the home page).
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-back]");
    if (!link) return;
    let sameOrigin = false;
    try {
      sameOrigin = document.referrer && new URL(document.referrer).origin === window.location.origin;
    } catch (e) {
      sameOrigin = false;
    }
    if (sameOrigin && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // A slow action (publishing a report, generating a PDF) shows that it is under way and
  // cannot be started twice: a POST form locks its buttons once submitted; a download
  // link (?format=pdf|docx, or data-busy) locks itself until the file has had time to come.
  const BUSY_TEXT = "处理中…";
  const DOWNLOAD_TEXT = "正在生成…";
  const DOWNLOAD_LOCK_MS = 15000;
  const FORM_LOCK_MS = 60000;

  function showBusy(element, text) {
    if (element.dataset.portalBusy) return;
    element.dataset.portalBusy = "1";
    element.dataset.portalLabel = element.innerHTML;
    element.setAttribute("aria-busy", "true");
    element.classList.add("portal-busy");
    element.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>';
    element.appendChild(document.createTextNode(text));
  }

  function clearBusy(element) {
    if (!element.dataset.portalBusy) return;
    element.innerHTML = element.dataset.portalLabel;
    delete element.dataset.portalBusy;
    delete element.dataset.portalLabel;
    element.removeAttribute("aria-busy");
    element.removeAttribute("aria-disabled");
    element.classList.remove("portal-busy");
    if (element.tagName === "BUTTON") element.disabled = false;
  }

  function unlock(form) {
    delete form.dataset.portalSubmitting;
    form.querySelectorAll("[data-portal-disabled]").forEach(function (button) {
      clearBusy(button);
      button.disabled = false;
      delete button.dataset.portalDisabled;
    });
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.dataset.portalSubmitting) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;
    form.dataset.portalSubmitting = "1";
    const submitter = event.submitter;
    const buttons = Array.prototype.filter.call(
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"),
      function (button) {
        return !button.disabled;
      },
    );
    // Disabled after this tick: a disabled submitter would drop its name=value from the post.
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.dataset.portalDisabled = "1";
      });
      if (submitter && submitter.tagName === "BUTTON") showBusy(submitter, BUSY_TEXT);
    }, 0);
    // A response that is a file leaves the page where it is: unlock after a while.
    window.setTimeout(function () {
      unlock(form);
    }, FORM_LOCK_MS);
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest('a[href*="format=pdf"], a[href*="format=docx"], a[data-busy]');
    if (!link || event.defaultPrevented) return;
    if (link.dataset.portalBusy) {
      event.preventDefault();
      return;
    }
    showBusy(link, link.getAttribute("data-busy") || DOWNLOAD_TEXT);
    link.setAttribute("aria-disabled", "true");
    window.setTimeout(function () {
      clearBusy(link);
    }, DOWNLOAD_LOCK_MS);
  });

  // Back to a page from the browser's cache: nothing is under way any more.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-portal-submitting]").forEach(unlock);
    document.querySelectorAll("a[data-portal-busy]").forEach(clearBusy);
  });

  // Keyboard access to a box that scrolls sideways (a wide table or chart on a phone):
  // a box without anything focusable inside gets into the tab order, named after its
  // heading, so the arrow keys can scroll it (WCAG 2.1.1; axe: scrollable-region-focusable).
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function scrollRegions() {
    document.querySelectorAll("main *").forEach(function (element) {
      if (element.dataset.portalScroll === "1") {
        if (element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1) {
          element.removeAttribute("tabindex");
          element.removeAttribute("role");
          element.removeAttribute("aria-label");
          delete element.dataset.portalScroll;
        }
        return;
      }
      if (element.hasAttribute("tabindex") || element.querySelector(FOCUSABLE)) return;
      const style = window.getComputedStyle(element);
      const scrollsX = /(auto|scroll)/.test(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
      const scrollsY = /(auto|scroll)/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
      if (!scrollsX && !scrollsY) return;
      const card = element.closest(".card, section, figure");
      const heading = card && card.querySelector(".card-header, h2, h3, figcaption, caption");
      element.dataset.portalScroll = "1";
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", ((heading && heading.textContent.trim()) || "内容") + "（可滚动）");
    });
  }

  // A form control in a table cell without a label of its own (formset rows, per-row
  // inputs) is named after its column header and its row's first cell.
  function labelTableControls() {
    document.querySelectorAll("td input, td select, td textarea").forEach(function (control) {
      if (["hidden", "submit", "button", "reset"].includes(control.type)) return;
      if ((control.labels && control.labels.length) || control.getAttribute("aria-label") ||
          control.getAttribute("aria-labelledby") || control.title) return;
      const cell = control.closest("td");
      const row = cell.parentElement;
      const table = cell.closest("table");
      const headerRow = table && table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      const column = headerRow && headerRow.cells[cell.cellIndex] ? headerRow.cells[cell.cellIndex].textContent.trim() : "";
      const firstCell = row.cells[0];
      const first =
        firstCell && firstCell !== cell && !firstCell.querySelector("input, select, textarea")
          ? firstCell.textContent.trim().replace(/\s+/g, " ")
          : "";
      const rowName = first || "第" + (row.sectionRowIndex + 1) + "行";
      const name = [rowName, column].filter(Boolean).join(" · ");
      if (name) control.setAttribute("aria-label", name);
    });
  }

  function enhance() {
    labelTableControls();
    scrollRegions();
  }

  let resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(scrollRegions, 200);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
