/* "Lưu vào sổ" on the form pages: the form's input is saved in the registry as a draft of
   the signed-in clerk's agency (POST /api/v1/papers, or PUT for a draft reopened with
   ?draft=ID), and reopening a draft fills the form again. The browser calls the JSON API
   with its session cookie, so every change carries the page's CSRF token. */
"use strict";

(() => {
  const button = document.getElementById("save-registry");
  const form = document.getElementById("paper-form");
  if (!button || !form) return;
  const status = document.getElementById("form-status");
  const link = document.getElementById("registry-link");
  const api = button.dataset.api;
  const say = (text, bad = false) => { status.textContent = text; status.classList.toggle("bad", bad); };
  let draftId = new URLSearchParams(window.location.search).get("draft");

  function showSaved(paper) {
    link.href = `${button.dataset.pages}${paper.id}`;
    link.textContent = `Mở trong sổ: ${paper.title}`;
    link.hidden = false;
  }

  /* The form is built by paper.js once its schema has arrived. */
  function whenReady(run) {
    if (form.docgenRoot) run(form.docgenRoot);
    else form.addEventListener("docgen:ready", (event) => run(event.detail.root), { once: true });
  }

  /* "Văn bản mới" starts a paper that is not in the registry yet. */
  form.addEventListener("docgen:new", () => {
    draftId = null;
    link.hidden = true;
    const url = new URL(window.location.href);
    url.searchParams.delete("draft");
    window.history.replaceState(null, "", url);
  });

  whenReady(async (first) => {
    // The form may be rebuilt ("Văn bản mới"): always work on the current one.
    const current = () => form.docgenRoot || first;
    const root = current();
    if (draftId) {
      const resp = await fetch(`${api}/${encodeURIComponent(draftId)}`,
                               { headers: { Accept: "application/json" } });
      const body = await resp.json().catch(() => ({}));
      if (resp.ok) {
        root.set(body.input);
        SchemaForm.clearErrors(root);
        // The page's own parts follow (the reward line, the legal bases of the date).
        form.dispatchEvent(new CustomEvent("docgen:filled"));
        say(`Đã mở lại dự thảo trong sổ: ${body.title} (${body.status_label || body.status}).`);
        showSaved(body);
        if (body.complete === false && body.errors) {
          SchemaForm.showErrors(root, body.errors.map((e) => ({ ...e,
            loc: e.loc && e.loc[0] === "input" ? e.loc.slice(1) : e.loc })));
        }
      } else {
        say(body.message || `Không mở được dự thảo ${draftId} (lỗi ${resp.status}).`, true);
        draftId = null;
      }
    }

    button.addEventListener("click", async () => {
      say("Đang lưu vào sổ…");
      button.disabled = true;
      try {
        const resp = await fetch(draftId ? `${api}/${encodeURIComponent(draftId)}` : api, {
          method: draftId ? "PUT" : "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json",
                     "X-CSRFToken": SchemaForm.csrf() },
          // An unfinished paper is kept too (marked incomplete): it is submitted only once
          // it validates, and the answer lists what is still missing.
          body: JSON.stringify(draftId ? { input: current().get(), incomplete: true }
                                       : { kind: form.dataset.kind, input: current().get(),
                                           incomplete: true }),
        });
        const body = await resp.json().catch(() => ({}));
        /* The API names fields from its body ("input", …); the form starts inside it. */
        const inForm = (errors) => errors.map((e) => ({ ...e,
          loc: e.loc && e.loc[0] === "input" ? e.loc.slice(1) : e.loc }));
        if (!resp.ok) {
          if (body.errors) {
            const errors = inForm(body.errors);
            SchemaForm.showErrors(current(), errors);
            say(`Chưa lưu vào sổ: có ${errors.length} chỗ cần sửa (đánh dấu đỏ bên dưới).`, true);
          } else {
            say(`Chưa lưu vào sổ: ${body.message || `lỗi ${resp.status}`}`, true);
          }
          return;
        }
        SchemaForm.clearErrors(current());
        draftId = String(body.id);
        const url = new URL(window.location.href);
        url.searchParams.set("draft", draftId);
        window.history.replaceState(null, "", url);
        showSaved(body);
        if (body.complete === false && body.errors && body.errors.length) {
          SchemaForm.showErrors(current(), inForm(body.errors));
          say(`Đã lưu vào sổ dự thảo chưa đủ thông tin (số hiệu ${body.id}): còn ` +
              `${body.errors.length} chỗ cần sửa (đánh dấu đỏ bên dưới) trước khi trình.`, true);
        } else {
          say(`Đã lưu vào sổ: dự thảo số hiệu ${body.id}.`);
        }
      } finally {
        button.disabled = false;
      }
    });
  });
})();
