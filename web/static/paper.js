/* The paper page: build the form, preview, download, sample, save/load a draft. */
"use strict";

(async () => {
  const form = document.getElementById("paper-form");
  const status = document.getElementById("form-status");
  const pages = document.getElementById("preview-pages");
  const kind = form.dataset.kind;
  const draftKey = `docgen-draft-${kind}`;
  const schema = await (await fetch(form.dataset.schema)).json();
  const root = SchemaForm.create(document.getElementById("fields"), schema);
  /* Other scripts of the page (registry.js) work on the same form once it is built. */
  form.docgenRoot = root;
  form.dispatchEvent(new CustomEvent("docgen:ready", { detail: { root } }));
  const say = (text, bad = false) => { status.textContent = text; status.classList.toggle("bad", bad); };

  const saved = localStorage.getItem(draftKey);
  if (saved) { try { root.set(JSON.parse(saved)); say("Đã mở lại bản nháp chưa lưu."); } catch (e) { /* ignore */ } }
  form.addEventListener("input", () => localStorage.setItem(draftKey, JSON.stringify(root.get())));

  async function handleErrors(resp) {
    let body = {};
    try { body = await resp.json(); } catch (e) { /* not JSON */ }
    if (body.errors) {
      SchemaForm.showErrors(root, body.errors);
      say(`Có ${body.errors.length} chỗ cần sửa (đánh dấu đỏ bên dưới).`, true);
    } else {
      say(body.message || `Lỗi ${resp.status}`, true);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say("Đang tạo bản xem trước…");
    const resp = await SchemaForm.postJSON(form.dataset.preview, root.get());
    if (!resp.ok) return handleErrors(resp);
    SchemaForm.clearErrors(root);
    const data = await resp.json();
    pages.replaceChildren(...data.pages.map((src, i) =>
      SchemaForm.el("img", { src, alt: `Trang ${i + 1} của ${data.title}`, class: "page" })));
    say(`Xem trước: ${data.title}.`);
  });

  for (const button of form.querySelectorAll("button.download")) {
    button.addEventListener("click", async () => {
      say("Đang tạo tệp…");
      const resp = await SchemaForm.postJSON(
        `${form.dataset.download}?format=${button.dataset.format}`, root.get());
      if (!resp.ok) return handleErrors(resp);
      SchemaForm.clearErrors(root);
      const blob = await resp.blob();
      const cd = resp.headers.get("Content-Disposition") || "";
      const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
      const a = SchemaForm.el("a", { href: URL.createObjectURL(blob),
        download: m ? decodeURIComponent(m[1]) : `van-ban.${button.dataset.format}` });
      document.body.append(a); a.click(); a.remove();
      say("Đã tải tệp về.");
    });
  }

  document.getElementById("load-sample").addEventListener("click", async () => {
    root.set(await (await fetch(form.dataset.sample)).json());
    SchemaForm.clearErrors(root);
    localStorage.setItem(draftKey, JSON.stringify(root.get()));
    say("Đã nạp dữ liệu mẫu.");
    updateReward();
  });

  document.getElementById("save-json").addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(root.get(), null, 2)], { type: "application/json" });
    const a = SchemaForm.el("a", { href: URL.createObjectURL(blob), download: `${kind}-nhap.json` });
    document.body.append(a); a.click(); a.remove();
  });

  document.getElementById("load-json").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      root.set(JSON.parse(await file.text()));
      say(`Đã mở ${file.name}.`);
    } catch (e) { say(`${file.name} không phải tệp JSON hợp lệ.`, true); }
    event.target.value = "";
  });

  const agencies = JSON.parse(document.getElementById("agencies").textContent || "[]");
  document.getElementById("agency-pick")?.addEventListener("change", (event) => {
    const a = agencies[+event.target.value];
    if (!a || !root.children.issuer) return;
    const current = root.get().issuer || {};
    root.children.issuer.set({ ...current, name: a.name, parent: a.parent, symbol: a.symbol,
                               place: a.place });
  });

  /* The reward, computed by the server from the catalog, as the clerk chooses. */
  const rewardBox = document.getElementById("reward");
  async function updateReward() {
    if (!root.children.award) return;
    const v = root.get();
    const url = `${form.dataset.reward}?award=${encodeURIComponent(v.award || "")}` +
      `&date=${encodeURIComponent(v.date || (v.decision && v.decision.date) || "")}`;
    const r = await (await fetch(url)).json();
    rewardBox.hidden = false;
    rewardBox.textContent = !r.ok ? r.message : [
      r.individual && `Mỗi cá nhân: ${r.individual}`,
      r.collective && `Mỗi tập thể: ${r.collective}`,
      `(${r.basis}${r.verified ? "" : "; số liệu chưa kiểm chứng"})`].filter(Boolean).join(" · ");
  }
  form.addEventListener("change", (event) => {
    if (["award", "date"].includes(event.target.name)) updateReward();
  });
  updateReward();
})();
