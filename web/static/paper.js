/* The paper page: build the form, keep a draft in the browser, preview (by itself a moment
 * after typing stops), download, sample, new paper, save/open a draft file. */
"use strict";

(async () => {
  const form = document.getElementById("paper-form");
  const status = document.getElementById("form-status");
  const errorsBox = document.getElementById("form-errors");
  const pages = document.getElementById("preview-pages");
  const previewNote = document.getElementById("preview-note");
  const fields = document.getElementById("fields");
  const kind = form.dataset.kind;
  const schema = await (await fetch(form.dataset.schema)).json();
  let root = SchemaForm.create(fields, schema);
  /* Other scripts of the page (registry.js) reach the form as form.docgenRoot, which
     "Văn bản mới" replaces; they hear of a new paper through "docgen:new". */
  form.docgenRoot = root;
  form.dispatchEvent(new CustomEvent("docgen:ready", { detail: { root } }));
  const say = (text, bad = false) => { status.textContent = text; status.classList.toggle("bad", bad); };
  /* How long after the last keystroke the preview refreshes by itself. */
  const PREVIEW_DELAY = 900;

  /* The browser's copy of the clerk's work, theirs only (drafts.js). */
  const saveDraft = () => Drafts.set(kind, root.get());
  const saved = Drafts.get(kind);
  if (saved) {
    try { root.set(saved); say("Đã mở lại bản nháp chưa lưu."); } catch (e) { Drafts.remove(kind); }
  }

  /* -- preview ------------------------------------------------------------------------- */
  let inFlight = null;
  let timer = null;

  function clearPreview(note) {
    pages.replaceChildren();
    previewNote.textContent = note;
  }

  async function errorsOf(resp) {
    try { return await resp.json(); } catch (e) { return {}; }
  }

  /* Show what the server refused: at the fields, listed at the top, focus on the list. */
  function showRefusal(body, resp) {
    if (body.errors) {
      // The list at the top says it (and takes the focus); the status line stays quiet.
      SchemaForm.showErrors(root, body.errors, errorsBox);
      say("");
    } else {
      say(body.message || `Lỗi ${resp.status}`, true);
    }
  }

  /* `explicit`: the clerk asked (button): problems are marked and focused. Otherwise the
   * refresh is quiet: a preview that no longer matches is taken away, nothing moves. */
  async function preview(explicit) {
    clearTimeout(timer);
    if (explicit && SchemaForm.localErrors(root, errorsBox)) {
      clearPreview("Bản xem trước đã bị bỏ vì biểu mẫu còn chỗ cần sửa.");
      return say("");
    }
    const problems = [];
    root.check(problems);
    if (problems.length) return clearPreview("Biểu mẫu còn chỗ cần sửa: bấm “Xem trước” để xem.");
    // A newer request makes the one still running useless: cancel it.
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    if (explicit) say("Đang tạo bản xem trước…");
    previewNote.textContent = "Đang cập nhật bản xem trước…";
    let resp;
    try {
      resp = await SchemaForm.postJSON(form.dataset.preview, SchemaForm.value(root), controller.signal);
    } catch (e) {
      if (e.name === "AbortError") return;
      clearPreview("Không kết nối được máy chủ.");
      return say("Không kết nối được máy chủ để xem trước.", true);
    }
    if (controller !== inFlight) return;
    inFlight = null;
    if (!resp.ok) {
      const body = await errorsOf(resp);
      const n = body.errors ? body.errors.length : 0;
      clearPreview(n ? `Chưa xem trước được: còn ${n} chỗ cần sửa.` : (body.message || `Lỗi ${resp.status}`));
      if (explicit) showRefusal(body, resp);
      return;
    }
    const data = await resp.json();
    SchemaForm.clearErrors(root, errorsBox);
    pages.replaceChildren(...data.pages.map((src, i) =>
      SchemaForm.el("img", { src, alt: `Trang ${i + 1} của ${data.title}`, class: "page" })));
    previewNote.textContent = `${data.title}: bản xem trước tự cập nhật khi sửa.`;
    if (explicit) say(`Xem trước: ${data.title}.`);
  }

  form.addEventListener("input", () => {
    saveDraft();
    clearTimeout(timer);
    timer = setTimeout(() => preview(false), PREVIEW_DELAY);
  });
  form.addEventListener("change", saveDraft);

  form.addEventListener("submit", (event) => { event.preventDefault(); preview(true); });

  for (const button of form.querySelectorAll("button.download")) {
    button.addEventListener("click", async () => {
      if (SchemaForm.localErrors(root, errorsBox)) return say("");
      say("Đang tạo tệp…");
      const resp = await SchemaForm.postJSON(
        `${form.dataset.download}?format=${button.dataset.format}`, SchemaForm.value(root));
      if (!resp.ok) return showRefusal(await errorsOf(resp), resp);
      SchemaForm.clearErrors(root, errorsBox);
      const blob = await resp.blob();
      const cd = resp.headers.get("Content-Disposition") || "";
      const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
      const a = SchemaForm.el("a", { href: URL.createObjectURL(blob),
        download: m ? decodeURIComponent(m[1]) : `van-ban.${button.dataset.format}` });
      document.body.append(a); a.click(); a.remove();
      say("Đã tải tệp về.");
    });
  }

  /* -- replacing the whole paper ------------------------------------------------------- */
  /* Whatever replaces the clerk's work asks first, unless there is nothing to lose. */
  const mayReplace = (question) => !SchemaForm.isTouched(root) || window.confirm(question);

  function replaced(text) {
    SchemaForm.clearErrors(root, errorsBox);
    saveDraft();
    say(text);
    updateReward();
    updateDefaults();
    clearTimeout(timer);
    timer = setTimeout(() => preview(false), PREVIEW_DELAY);
  }

  document.getElementById("load-sample").addEventListener("click", async () => {
    if (!mayReplace("Thay toàn bộ nội dung đang soạn bằng dữ liệu mẫu?")) return;
    root.set(await (await fetch(form.dataset.sample)).json());
    replaced("Đã nạp dữ liệu mẫu.");
  });

  document.getElementById("new-paper").addEventListener("click", () => {
    if (!mayReplace("Xóa toàn bộ nội dung đang soạn để bắt đầu văn bản mới?")) return;
    root = SchemaForm.create(fields, schema);
    form.docgenRoot = root;
    form.dispatchEvent(new CustomEvent("docgen:new", { detail: { root } }));
    Drafts.remove(kind);
    SchemaForm.clearErrors(root, errorsBox);
    clearTimeout(timer);
    inFlight?.abort();
    clearPreview("Bấm “Xem trước” để xem văn bản như khi in.");
    updateReward();
    updateDefaults();
    say("Đã bắt đầu văn bản mới.");
    root.focusTarget().focus();
  });

  document.getElementById("save-json").addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(root.get(), null, 2)], { type: "application/json" });
    const a = SchemaForm.el("a", { href: URL.createObjectURL(blob), download: `${kind}-nhap.json` });
    document.body.append(a); a.click(); a.remove();
  });

  /* filepick.js hides the file box behind a "Mở nháp" button. */
  const fileInput = document.getElementById("load-json");
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    if (!file) return;
    try {
      const value = JSON.parse(await file.text());
      if (mayReplace(`Thay nội dung đang soạn bằng ${file.name}?`)) {
        root.set(value);
        replaced(`Đã mở ${file.name}.`);
      }
    } catch (e) { say(`${file.name} không phải tệp JSON hợp lệ.`, true); }
    fileInput.value = "";
  });

  const agencies = JSON.parse(document.getElementById("agencies").textContent || "[]");
  document.getElementById("agency-pick")?.addEventListener("change", (event) => {
    const a = agencies[+event.target.value];
    if (!a || !root.children.issuer) return;
    const current = root.get().issuer || {};
    root.children.issuer.set({ ...current, name: a.name, parent: a.parent, symbol: a.symbol,
                               place: a.place });
    SchemaForm.changed(root.children.issuer.wrapper);
  });

  /* -- the reward, worded by the server from the catalog ------------------------------- */
  const rewardBox = document.getElementById("reward");
  async function updateReward() {
    if (!root.children.award) { rewardBox.hidden = true; return; }
    const v = root.get();
    const url = `${form.dataset.reward}?award=${encodeURIComponent(v.award || "")}` +
      `&date=${encodeURIComponent(v.date || (v.decision && v.decision.date) || "")}`;
    const r = await (await fetch(url)).json();
    rewardBox.hidden = false;
    rewardBox.textContent = r.ok ? r.text : r.message;
  }
  /* -- what the paper says for what is left out (an award decision's legal bases on its
   * date), shown as rows the clerk can edit (schemaform.js showDefaults) ---------------- */
  async function updateDefaults() {
    const date = root.get().date;
    const on = /^\d{4}-\d{2}-\d{2}$/.test(date || "") ? date : "";
    const values = await (await fetch(`${form.dataset.defaults}?date=${on}`)).json();
    for (const [name, list] of Object.entries(values)) root.children[name]?.showDefaults?.(list);
  }

  form.addEventListener("change", (event) => {
    if (["award", "date"].includes(event.target.name)) updateReward();
    if (event.target.name === "date") updateDefaults();
  });
  /* registry.js filled the form from a draft kept in the registry. */
  form.addEventListener("docgen:filled", () => { updateReward(); updateDefaults(); });
  updateReward();
  updateDefaults();
})();
