// Intake form: offer only the grids of the chosen community (the server checks it too).
(function () {
  const community = document.getElementById("id_community");
  const grid = document.getElementById("id_grid");
  if (!community || !grid) {
    return;
  }
  function sync() {
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
  }
  community.addEventListener("change", sync);
  sync();
})();
