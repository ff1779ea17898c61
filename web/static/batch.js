/* The batch page: common fields + a spreadsheet; check the rows, run, follow progress. */
"use strict";

(async () => {
  const form = document.getElementById("meta-form");
  const schema = await (await fetch(form.dataset.schema)).json();
  const root = SchemaForm.create(document.getElementById("fields"), schema);
  const status = document.getElementById("batch-status");
  const report = document.getElementById("batch-report");
  const progress = document.getElementById("batch-progress");
  const result = document.getElementById("batch-result");
  const runButton = document.getElementById("batch-run");
  const fileInput = document.getElementById("batch-file");
  const say = (text, bad = false) => { status.textContent = text; status.classList.toggle("bad", bad); };
  const el = SchemaForm.el;

  const saved = localStorage.getItem("docgen-batch-meta");
  if (saved) { try { root.set(JSON.parse(saved)); } catch (e) { /* ignore */ } }
  form.addEventListener("input", () => localStorage.setItem("docgen-batch-meta", JSON.stringify(root.get())));

  document.getElementById("meta-sample").addEventListener("click", async () => {
    root.set(await (await fetch(form.dataset.sample)).json());
    localStorage.setItem("docgen-batch-meta", JSON.stringify(root.get()));
  });

  const pasted = document.getElementById("decision-json");

  /* The request for the API: the pasted decision as JSON, or the file and the meta. */
  function request(url) {
    const fmt = document.getElementById("batch-format").value;
    if (pasted.value.trim()) {
      return fetch(`${url}?format=${fmt}`, { method: "POST", body: pasted.value,
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": SchemaForm.csrf() } });
    }
    // The API refuses a signed-in browser's call without the page's CSRF token.
    return fetch(url, { method: "POST", body: formData(),
                        headers: { "X-CSRFToken": SchemaForm.csrf() } });
  }

  function formData() {
    const data = new FormData();
    data.append("file", fileInput.files[0]);
    data.append("meta", JSON.stringify(root.get()));
    data.append("format", document.getElementById("batch-format").value);
    return data;
  }

  async function failed(resp) {
    let body = {};
    try { body = await resp.json(); } catch (e) { /* not JSON */ }
    if (body.errors) {
      const metaErrors = body.errors.filter((e) => e.loc && e.loc.length);
      SchemaForm.showErrors(root, metaErrors.length ? metaErrors : body.errors);
      say(`Phần chung có ${body.errors.length} chỗ cần sửa.`, true);
    } else say(body.message || `Lỗi ${resp.status}`, true);
  }

  function showReport(check) {
    const rows = check.errors.map((e) => el("tr", {}, el("td", { text: String(e.row) }),
      el("td", { text: e.field || "" }), el("td", { text: e.msg })));
    report.replaceChildren(
      el("p", { class: "summary", text: `${check.total} dòng: ${check.good} hợp lệ, ` +
        `${check.rejected} bị từ chối` + (check.blank_rows ? `, ${check.blank_rows} dòng trống` : "") }),
      ...(check.notes || []).map((n) => el("p", { class: "muted", text: n })),
      rows.length ? el("table", { class: "rejected" },
        el("caption", { text: "Các dòng bị từ chối (sẽ không in)" }),
        el("thead", {}, el("tr", {}, el("th", { text: "Dòng" }), el("th", { text: "Cột" }),
                                  el("th", { text: "Lý do" }))),
        el("tbody", {}, ...rows)) : null);
  }

  document.getElementById("batch-check").addEventListener("click", async () => {
    if (!fileInput.files.length && !pasted.value.trim()) {
      return say("Chọn tệp danh sách (hoặc dán dữ liệu quyết định) trước.", true);
    }
    SchemaForm.clearErrors(root);
    say("Đang kiểm tra…");
    const resp = await request("/api/v1/batches/check");
    if (!resp.ok) { runButton.disabled = true; return failed(resp); }
    const check = await resp.json();
    showReport(check);
    runButton.disabled = check.good === 0;
    say(check.good ? "Kiểm tra xong. Bấm “In” để tạo bằng cho các dòng hợp lệ." :
      "Không có dòng nào hợp lệ.", check.good === 0);
  });

  runButton.addEventListener("click", async () => {
    runButton.disabled = true;
    result.replaceChildren();
    const resp = await request("/api/v1/batches");
    if (!resp.ok) { runButton.disabled = false; return failed(resp); }
    let state = await resp.json();
    progress.hidden = false;
    progress.max = Math.max(state.total, 1);
    while (state.state === "queued" || state.state === "running") {
      progress.value = state.done || 0;
      say(`Đang in: ${state.done || 0}/${state.total}…`);
      await new Promise((r) => setTimeout(r, 400));
      state = await (await fetch(state.links.self)).json();
    }
    progress.value = progress.max;
    runButton.disabled = false;
    if (state.state === "failed") return say(`Lỗi khi in: ${state.error}`, true);
    say(`Xong: đã in ${state.produced}/${state.total} bằng, từ chối ${state.rejected} dòng, ` +
        `${state.seconds} giây.`);
    showReport({ total: state.total, good: state.produced, rejected: state.rejected,
                 blank_rows: state.blank_rows, errors: state.errors, notes: state.notes });
    if (state.links.result) {
      result.replaceChildren(el("a", { href: state.links.result, id: "batch-download",
        class: "button primary", text: "Tải kết quả" }));
    }
  });
})();
