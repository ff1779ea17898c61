/* A decision's certificates page while its batches run (one per award: a decision whose
   collectives receive an award of their own has two): follow each one's progress, then
   show the finished page (download links and the sổ vàng's entries) by loading it again. */
"use strict";

(() => {
  const panels = [...document.querySelectorAll(".decision-batch[data-status]")];
  let running = panels.length;
  for (const panel of panels) {
    const url = panel.dataset.status;
    const bar = panel.querySelector(".batch-progress");
    const live = panel.querySelector(".batch-live");
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
      } else if (--running === 0) {
        window.location.reload();
      }
    };
    follow();
  }
})();
