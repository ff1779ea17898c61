/* The batch page: common fields + a spreadsheet; check the rows, run, follow progress. */
"use strict";

(async () => {
  const form = document.getElementById("meta-form");
  const fields = document.getElementById("fields");
  const schema = await (await fetch(form.dataset.schema)).json();
  let root = SchemaForm.create(fields, schema);
  const status = document.getElementById("batch-status");
  const errorsBox = document.getElementById("meta-errors");
  const report = document.getElementById("batch-report");
  const progress = document.getElementById("batch-progress");
  const result = document.getElementById("batch-result");
  const runButton = document.getElementById("batch-run");
  const fileInput = document.getElementById("batch-file");
  /* Recipient field -> the spreadsheet's header (imports/spreadsheet.py COLUMNS). */
  const HEADERS = JSON.parse(document.getElementById("headers").textContent || "{}");
  const say = (text, bad = false) => { status.textContent = text; status.classList.toggle("bad", bad); };
  const el = SchemaForm.el;
  /* The browser's copy of the common part, the signed-in clerk's only (drafts.js). */
  const draftKey = "batch-meta";
  const saveDraft = () => Drafts.set(draftKey, root.get());

  const saved = Drafts.get(draftKey);
  if (saved) { try { root.set(saved); } catch (e) { Drafts.remove(draftKey); } }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  const mayReplace = (question) => !SchemaForm.isTouched(root) || window.confirm(question);

  document.getElementById("meta-sample").addEventListener("click", async () => {
    if (!mayReplace("Thay phần chung đang soạn bằng dữ liệu mẫu?")) return;
    root.set(await (await fetch(form.dataset.sample)).json());
    SchemaForm.clearErrors(root, errorsBox);
    saveDraft();
    say("Đã nạp dữ liệu mẫu cho phần chung.");
  });

  document.getElementById("meta-new").addEventListener("click", () => {
    if (!mayReplace("Xóa toàn bộ phần chung đang soạn?")) return;
    root = SchemaForm.create(fields, schema);
    Drafts.remove(draftKey);
    SchemaForm.clearErrors(root, errorsBox);
    say("Đã xóa phần chung.");
    root.focusTarget().focus();
  });

  const pasted = document.getElementById("decision-json");

  /* The seal box (records office only) applies to the ZIP: one signed PDF per person. */
  const formatBox = document.getElementById("batch-format");
  const sealBox = document.getElementById("batch-seal");
  if (sealBox) {
    const follow = () => {
      sealBox.disabled = formatBox.value !== "zip";
      if (sealBox.disabled) sealBox.checked = false;
    };
    formatBox.addEventListener("change", follow);
    follow();
  }

  /* A pasted decision carries the batch's own choices of the common part: "Đăng ký vào
     sổ" and "Quyết định ngoài hệ thống" (left out, a registered batch printed no number). */
  const CHOICES = ["registered", "external_decision"];
  function pastedBody() {
    let data;
    try { data = JSON.parse(pasted.value); } catch (e) { return pasted.value; }  // the server says where
    if (!data || typeof data !== "object" || Array.isArray(data)) return pasted.value;
    const common = root.get();
    for (const key of CHOICES) if (common[key] === true && data[key] === undefined) data[key] = true;
    return JSON.stringify(data);
  }

  /* What the check answered is only good for what was checked: any change asks for a
     new check before "In" (which also shows who is already in the sổ vàng). */
  const changed = () => { runButton.disabled = true; };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  pasted.addEventListener("input", changed);
  fileInput.addEventListener("change", changed);

  /* The request for the API: the pasted decision as JSON, or the file and the meta. */
  function request(url) {
    const fmt = formatBox.value;
    const seal = sealBox && sealBox.checked ? "1" : "0";
    if (pasted.value.trim()) {
      return fetch(`${url}?format=${fmt}&seal=${seal}`, { method: "POST", body: pastedBody(),
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": SchemaForm.csrf() } });
    }
    const data = new FormData();
    data.append("file", fileInput.files[0]);
    data.append("meta", JSON.stringify(SchemaForm.value(root)));
    data.append("format", fmt);
    data.append("seal", seal);
    return fetch(url, { method: "POST", body: data, headers: { Accept: "application/json",
                                                             "X-CSRFToken": SchemaForm.csrf() } });
  }

  async function failed(resp) {
    let body = {};
    try { body = await resp.json(); } catch (e) { /* not JSON */ }
    if (body.errors) {
      if (pasted.value.trim()) {
        // The pasted decision is not on the page: list its problems by their paths.
        say(`Dữ liệu quyết định có ${body.errors.length} chỗ cần sửa: ` +
            body.errors.map((e) => (e.loc && e.loc.length ? `${SchemaForm.pathLabel(e.loc)}: ` : "") + e.msg)
              .join("; "), true);
        return;
      }
      const n = SchemaForm.showErrors(root, body.errors, errorsBox);
      say(`Phần chung có ${n} chỗ cần sửa.`, true);
    } else say(body.message || `Lỗi ${resp.status}`, true);
  }

  /* The column of a rejected cell, as the clerk's spreadsheet names it. */
  const column = (field) => (field ? HEADERS[field.split(".")[0]] || field : "cả dòng");

  function showReport(check) {
    const errors = check.errors || [];
    const rows = errors.map((e) => el("tr", {}, el("td", { text: String(e.row) }),
      el("td", { text: column(e.field) }), el("td", { text: e.msg })));
    const parts = [`${check.total} dòng: ${check.good} hợp lệ`,
                   `${check.rejected || 0} bị từ chối`];
    if (check.blank_rows) parts.push(`${check.blank_rows} dòng trống (bỏ qua)`);
    // replaceChildren writes a null as the word "null": leave absent parts out.
    report.replaceChildren(...[
      el("p", { class: "summary", text: parts.join(", ") }),
      ...registration(check.registration),
      ...(check.notes || []).map((n) => el("p", { class: "muted", text: n })),
      rows.length ? el("div", { class: "table-scroll", tabindex: "0", role: "region",
                                "aria-label": "Các dòng bị từ chối" },
        el("table", { class: "rejected" },
          el("caption", { text: "Các dòng bị từ chối (sẽ không in)" }),
          el("thead", {}, el("tr", {}, el("th", { text: "Dòng", scope: "col" }),
                                    el("th", { text: "Cột", scope: "col" }),
                                    el("th", { text: "Lý do", scope: "col" }))),
          el("tbody", {}, ...rows))) : null].filter(Boolean));
  }

  /* A registered batch: the decision it carries out, and who is already in the sổ vàng
     for it (printed again with their number and code; nobody is registered twice). */
  function registration(reg) {
    if (!reg) return [];
    const d = reg.decision;
    const out = [el("p", { id: "batch-decision", text: `Đăng ký vào sổ vàng theo Quyết định số ${d.number}` +
      (d.external ? " (quyết định ngoài hệ thống)." : " (quyết định đã ban hành trong sổ).") })];
    if (!reg.existing) return out;
    out.push(el("p", { class: "notice", id: "batch-existing", role: "note",
      text: `${reg.existing} người đã có trong sổ vàng theo quyết định này: sẽ được in lại với số sổ ` +
            `vàng và mã xác minh đã cấp, không cấp số mới. ${reg.new} người được cấp số mới.` }));
    out.push(el("div", { class: "table-scroll", tabindex: "0", role: "region",
                         "aria-label": "Người đã có trong sổ vàng" },
      el("table", { class: "rejected existing", id: "existing-entries" },
        el("caption", { text: "Đã có trong sổ vàng (in lại với số cũ)" }),
        el("thead", {}, el("tr", {}, ...["Dòng", "Số sổ vàng", "Người, tập thể", "Mã xác minh"]
          .map((h) => el("th", { text: h, scope: "col" })))),
        el("tbody", {}, ...reg.entries.map((e) => el("tr", {},
          el("td", { text: String(e.row) }), el("td", { text: String(e.register_number) }),
          el("td", { text: e.recipient }), el("td", { text: e.verify_code })))))));
    return out;
  }

  const checkButton = document.getElementById("batch-check");
  checkButton.addEventListener("click", async () => {
    if (!fileInput.files.length && !pasted.value.trim()) {
      return say("Chọn tệp danh sách (hoặc dán dữ liệu quyết định) trước.", true);
    }
    SchemaForm.clearErrors(root, errorsBox);
    if (!pasted.value.trim() && SchemaForm.localErrors(root, errorsBox)) {
      return say("Phần chung có chỗ cần sửa.", true);
    }
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
    // One batch at a time: both buttons wait until this one has ended.
    runButton.disabled = true;
    checkButton.disabled = true;
    result.replaceChildren();
    const resp = await request("/api/v1/batches");
    checkButton.disabled = false;
    if (!resp.ok) { runButton.disabled = false; return failed(resp); }
    checkButton.disabled = true;
    let state = await resp.json();
    progress.hidden = false;
    progress.max = Math.max(state.total, 1);
    while (state.state === "queued" || state.state === "running") {
      progress.value = state.done || 0;
      say(`Đang in: ${state.done || 0}/${state.total}…`);
      await new Promise((r) => setTimeout(r, 400));
      state = await (await fetch(state.links.self, { headers: { Accept: "application/json" } })).json();
    }
    progress.value = progress.max;
    checkButton.disabled = false;
    // "In" again only after a new check, which shows what is already in the sổ vàng.
    if (state.state === "failed") return say(`Lỗi khi in: ${state.error}`, true);
    const reprinted = state.reprinted ? ` (${state.reprinted} bằng in lại với số sổ vàng cũ)` : "";
    say(`Xong: đã in ${state.produced || 0}/${state.total} bằng${reprinted}, từ chối ${state.rejected || 0} dòng, ` +
        `${String(state.seconds || 0).replace(".", ",")} giây. Muốn in lần nữa: bấm “Kiểm tra danh sách”.`);
    showReport({ total: state.total, good: state.produced || 0, rejected: state.rejected || 0,
                 blank_rows: state.blank_rows, errors: state.errors, notes: state.notes });
    if (state.links.result) {
      result.replaceChildren(el("a", { href: state.links.result, id: "batch-download",
        class: "button primary", text: "Tải kết quả" }));
    }
  });
})();
