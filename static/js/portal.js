// Behaviour without inline scripts (CSP forbids them): declarative data-* hooks.
document.addEventListener("click", function (event) {
  const trigger = event.target.closest("[data-confirm]");
  if (trigger && !window.confirm(trigger.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
document.addEventListener("change", function (event) {
  const select = event.target.closest("[data-autosubmit]");
  if (select && select.form) {
    select.form.submit();
  }
});
