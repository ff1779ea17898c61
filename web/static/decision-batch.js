/* A decision's certificates page while its batch runs: follow the progress, then show the
   finished page (its download link and the sổ vàng's entries) by loading it again. */
"use strict";

(() => {
  const panel = document.getElementById("decision-batch");
  const url = panel && panel.dataset.status;
  if (!url) return;
  const bar = document.getElementById("batch-progress");
  const live = document.getElementById("batch-live");
  const follow = async () => {
    let state;
    try {
      state = await (await fetch(url, { headers: { Accept: "application/json" } })).json();
    } catch (e) {
      setTimeout(follow, 2000);  // a dropped connection: try again, the batch goes on
      return;
    }
    if (state.state === "queued" || state.state === "running") {
      bar.value = state.done || 0;
      live.textContent = `Đang in: ${state.done || 0}/${state.total}…`;
      setTimeout(follow, 700);
    } else {
      window.location.reload();
    }
  };
  follow();
})();
