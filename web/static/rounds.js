/* A commendation round's page: add, paste, import (XLSX) and remove nominations, type
 * their achievement reports, keep the council, the
 * secretary's vote grid (the rate and the outcome of each nominee as the votes are typed,
 * computed by the server's check of the round as typed: the rules live there only), save
 * the meeting, "Kiểm tra" and "Tạo hồ sơ". Everything goes through /api/v1/rounds with the
 * page's CSRF token; a refusal is shown as the server words it. */
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("round-data").textContent);
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const round = data.round;
  const alertBox = document.getElementById("round-alert");
  const live = document.getElementById("round-live");
  const $ = (id) => document.getElementById(id);
  const text = (id) => ($(id)?.value || "").trim();

  function el(tag, content, cls) {
    const e = document.createElement(tag);
    if (content !== undefined) e.textContent = content;
    if (cls) e.className = cls;
    return e;
  }

  function where(loc) {
    return (loc || []).map((p) => (typeof p === "number" ? String(p + 1) : data.labels[p] || p))
      .join(" › ");
  }

  function problems(body, status) {
    if (body && Array.isArray(body.errors)) {
      return body.errors.map((e) => (e.loc && e.loc.length ? `${where(e.loc)}: ` : "") + e.msg);
    }
    return [(body && body.message) || `Máy chủ trả lời lỗi ${status}`];
  }

  function showErrors(lines) {
    alertBox.replaceChildren(...lines.map((t) => el("p", t)));
    alertBox.hidden = false;
  }

  function clearErrors() {
    alertBox.hidden = true;
    alertBox.replaceChildren();
  }

  /* A call to the API; a refusal throws its lines (and shows them unless `quiet`). */
  async function call(method, url, body, quiet = false) {
    const resp = await fetch(url, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await resp.json(); } catch (e) { json = null; }
    if (!resp.ok) {
      const lines = problems(json, resp.status);
      if (!quiet) showErrors(lines);
      throw lines;
    }
    return json;
  }

  const reload = () => window.location.reload();
  const count = (v) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());

  /* "18/12/2026 14:00" -> "2026-12-18T14:00"; anything else as typed (the server says). */
  function moment(value) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:h](\d{2})$/.exec(value.trim());
    if (!m) return value.trim();
    const pad = (n) => String(n).padStart(2, "0");
    return `${m[3]}-${pad(m[2])}-${pad(m[1])}T${pad(m[4])}:${m[5]}`;
  }

  /* "01/09/2012" -> "2012-09-01"; anything else as typed (the server says what is wrong). */
  function day(value) {
    const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec((value || "").trim());
    if (!m) return (value || "").trim();
    return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  }

  function awardCode(typed) {
    const t = typed.trim().toLocaleLowerCase("vi");
    const found = data.awards.find((a) => a.code === typed.trim()
      || a.name.toLocaleLowerCase("vi") === t);
    return found ? found.code : typed.trim();
  }

  function awardName(code) {
    return (data.awards.find((a) => a.code === code) || { name: code }).name;
  }

  // -- nominations ------------------------------------------------------------------------

  function nomination(fields) {
    const out = { award: fields.award };
    if (fields.proposed_by) out.proposed_by = fields.proposed_by;
    if (fields.achievement) out.achievement = fields.achievement;
    if (fields.who === "collective") {
      out.collective = { name: fields.name };
    } else {
      out.person = { name: fields.name };
      for (const k of ["gender", "position", "unit"]) if (fields[k]) out.person[k] = fields[k];
      if (fields.recruited) out.person.recruited = day(fields.recruited);
    }
    return out;
  }

  const form = $("add-nomination");
  if (form) {
    const toggle = () => {
      const person = form.querySelector('input[name="who"]:checked').value === "person";
      form.querySelectorAll(".person-only").forEach((f) => { f.hidden = !person; });
    };
    form.querySelectorAll('input[name="who"]').forEach((r) => r.addEventListener("change", toggle));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const fields = {
        who: form.querySelector('input[name="who"]:checked').value, name: text("n-name"),
        gender: text("n-gender"), position: text("n-position"), unit: text("n-unit"),
        recruited: text("n-recruited"),
        award: $("n-award").value, proposed_by: text("n-proposed"),
        achievement: text("n-achievement"),
      };
      try {
        await call("POST", `${data.api}/nominations`, nomination(fields));
        reload();
      } catch (e) { /* shown */ }
    });
  }

  const pasteButton = $("paste-add");
  if (pasteButton) {
    const heads = ["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị công tác", "Ngày tuyển dụng",
                   "Danh hiệu", "Thành tích"];
    pasteButton.addEventListener("click", async () => {
      clearErrors();
      const area = $("paste-rows");
      const note = $("paste-note");
      const rows = Paste.rows(area.value, heads);
      if (!rows.length) { note.textContent = "Chưa có dòng nào để thêm."; return; }
      const kept = [];
      const errors = [];
      let added = 0;
      pasteButton.disabled = true;
      for (const [i, cells] of rows.entries()) {
        const [name, gender, position, unit, recruited, award, achievement] = cells;
        const body = nomination({ who: "person", name: name || "", gender: (gender || "").toLocaleLowerCase("vi"),
                                  position, unit, recruited, award: awardCode(award || ""),
                                  proposed_by: text("n-proposed"), achievement });
        try {
          await call("POST", `${data.api}/nominations`, body, true);
          added += 1;
        } catch (lines) {
          kept.push(cells.join("\t"));
          errors.push(...[].concat(lines).map((l) => `Dòng ${i + 1} (${name || "không tên"}): ${l}`));
        }
      }
      pasteButton.disabled = false;
      if (!errors.length) { reload(); return; }
      area.value = kept.join("\n");
      // Said next to the box the clerk is working in, each refused row with its reason.
      const list = el("ul", undefined, "paste-errors");
      list.append(...errors.map((t) => el("li", t)));
      note.replaceChildren(
        el("span", `Đã thêm ${added} dòng; ${kept.length} dòng chưa thêm được, còn để lại ở trên:`),
        list);
      note.classList.add("bad");
    });
  }

  const xlsxForm = $("xlsx-form");
  if (xlsxForm) {
    xlsxForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const note = $("xlsx-note");
      const file = $("xlsx-file").files[0];
      note.classList.remove("bad");
      if (!file) { note.textContent = "Chưa chọn tệp."; return; }
      const body = new FormData();
      body.append("file", file);
      const button = $("xlsx-add");
      button.disabled = true;
      let resp;
      let json = null;
      try {
        resp = await fetch(`${data.api}/nominations/import`, {
          method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }, body,
        });
        try { json = await resp.json(); } catch (e) { json = null; }
      } finally { button.disabled = false; }
      if (!resp.ok) { showErrors(problems(json, resp.status)); return; }
      if (!json.problems.length) { reload(); return; }
      // The refused rows, each with its number in the file and the reason, next to the form.
      const list = el("ul", undefined, "paste-errors");
      list.append(...json.problems.map((p) => el("li",
        `Dòng ${p.row}${p.column ? ` (${p.column})` : ""}: ${p.message}`)));
      const reloadLink = el("button", "Tải lại trang để xem các đề nghị đã thêm");
      reloadLink.type = "button";
      reloadLink.addEventListener("click", reload);
      note.replaceChildren(
        el("span", `Đã thêm ${json.added.length} dòng; ${json.problems.length} dòng chưa thêm `
          + "được (sửa trong tệp rồi nhập lại riêng các dòng đó):"), list,
        ...(json.added.length ? [reloadLink] : []));
      note.classList.add("bad");
    });
  }

  const reportForm = $("report-form");
  if (reportForm) {
    const pick = $("r-nomination");
    const nominationOf = (id) => (round.nominations.find((n) => String(n.id) === id) || {});
    const show = () => {
      const option = pick.selectedOptions[0];
      const collective = option.dataset.kind === "collective";
      reportForm.querySelectorAll(".collective-report").forEach((f) => { f.hidden = !collective; });
      reportForm.querySelectorAll(".person-report").forEach((f) => { f.hidden = collective; });
      const r = (nominationOf(option.value).nomination || {}).report || {};
      $("r-place").value = r.place || "";
      $("r-duties").value = r.duties || "";
      $("r-features").value = (r.collective || {}).features || "";
      $("r-achievements").value = r.achievements || "";
      $("r-cert-title").value = (r.certifier || {}).title || "";
      $("r-cert-name").value = (r.certifier || {}).name || "";
      $("r-head-title").value = (r.head || {}).title || "";
      $("r-head-name").value = (r.head || {}).name || "";
    };
    const fileNow = () => {
      const kept = nominationOf(pick.value).report_file;
      $("report-file-now").textContent = kept
        ? `Đã đính kèm: ${kept.filename} (${kept.format.toUpperCase()}); gửi tệp khác để thay.`
        : "Chưa đính kèm tệp báo cáo.";
    };
    pick.addEventListener("change", () => { show(); fileNow(); });
    show();
    fileNow();
    $("report-file-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const file = $("report-file").files[0];
      if (!file) { showErrors(["Chưa chọn tệp báo cáo."]); return; }
      const body = new FormData();
      body.append("file", file);
      const resp = await fetch(`${data.api}/nominations/${pick.value}/report-file`, {
        method: "PUT", credentials: "same-origin", headers: { "X-CSRFToken": token }, body,
      });
      let json = null;
      try { json = await resp.json(); } catch (e) { json = null; }
      if (!resp.ok) { showErrors(problems(json, resp.status)); return; }
      reload();
    });
    reportForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const option = pick.selectedOptions[0];
      const n = nominationOf(option.value).nomination || {};
      // The report as typed over the one kept (titles, awards received … stay as they were).
      const body = { ...(n.report || {}), place: text("r-place"), achievements: text("r-achievements"),
                     certifier: { ...((n.report || {}).certifier || {}), title: text("r-cert-title"),
                                  name: text("r-cert-name") } };
      delete body.for; delete body.award; delete body.year;
      if (option.dataset.kind === "collective") {
        body.collective = { ...(n.collective || {}), ...((n.report || {}).collective || {}),
                            features: text("r-features") };
        body.head = { title: text("r-head-title"), name: text("r-head-name") };
      } else if (text("r-duties")) {
        body.duties = text("r-duties");
      } else { delete body.duties; }
      try {
        await call("PUT", `${data.api}/nominations/${option.value}/report`, body);
        reload();
      } catch (e) { /* shown */ }
    });
  }

  document.querySelectorAll(".remove-nomination").forEach((button) => {
    button.addEventListener("click", async () => {
      clearErrors();
      try {
        await call("DELETE", `${data.api}/nominations/${button.dataset.id}`);
        reload();
      } catch (e) { /* shown */ }
    });
  });

  // -- the council ------------------------------------------------------------------------

  const councilForm = $("council-form");
  if (councilForm) {
    councilForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const members = Paste.rows($("c-members").value, ["Họ và tên", "Chức vụ", "Vai trò"])
        .map(([name, position, role]) => {
          const m = { name: name || "", role: role || "" };
          if (position) m.position = position;
          return m;
        });
      const council = { ...(round.council || {}), name: text("c-name"), members };
      try {
        await call("PUT", data.api, { version: round.version, council });
        reload();
      } catch (e) { /* shown */ }
    });
  }

  // -- the meeting and the vote grid -------------------------------------------------------

  const meetingForm = $("meeting-form");
  const inputs = [...document.querySelectorAll("#vote-grid input.votes")];

  function meeting() {
    const m = { start: moment(text("m-start")), place: text("m-place"), chair: $("m-chair").value,
                secretary: { name: text("m-secretary") }, absent: [] };
    if (text("m-end")) m.end = moment(text("m-end"));
    if (text("m-secretary-position")) m.secretary.position = text("m-secretary-position");
    document.querySelectorAll(".absence").forEach((row) => {
      if (!row.querySelector(".absent").checked) return;
      m.absent.push({ name: row.dataset.name, reason: row.querySelector(".reason").value.trim(),
                      written_opinion: row.querySelector(".written").checked });
    });
    if (text("b-issued") || text("b-returned") || text("b-valid")) {
      m.ballots = { issued: count(text("b-issued")), returned: count(text("b-returned")),
                    valid: count(text("b-valid")) };
    }
    return m;
  }

  /* The round as typed on the page, for the server's check (a vote not typed yet is 0 there
   * and shows no outcome here). */
  function typedRound() {
    const doc = { issuer: round.issuer, year: round.year, title: round.title,
                  council: round.council, meeting: meeting(),
                  nominations: round.nominations.map((n, i) => {
                    const { votes, written_votes, ...rest } = n.nomination;
                    const typed = inputs[i].value.trim();
                    return { ...rest, votes: typed === "" ? 0 : count(typed) };
                  }) };
    if (round.proposal) doc.proposal = round.proposal;
    return doc;
  }

  let asked = 0;
  let timer = null;

  async function outcomes() {
    const mine = ++asked;
    let result;
    try {
      result = await call("POST", data.check, typedRound(), true);
    } catch (lines) {
      if (mine === asked) {
        live.classList.add("bad");
        live.textContent = `Chưa tính được kết quả: ${[].concat(lines)[0]}`;
      }
      return;
    }
    if (mine !== asked) return;  // a later keystroke asked again
    live.classList.remove("bad");
    live.textContent = "";
    result.nominations.forEach((r, i) => {
      const row = inputs[i].closest("tr");
      const percent = row.querySelector(".percent");
      const outcome = row.querySelector(".outcome");
      if (inputs[i].value.trim() === "") {
        percent.textContent = "—";
        outcome.textContent = "—";
        row.classList.remove("passed", "failed");
        return;
      }
      percent.textContent = r.percent_text;
      outcome.textContent = r.passed ? "Đạt" : `Không đạt: ${r.reasons.join("; ")}`;
      row.classList.toggle("passed", r.passed);
      row.classList.toggle("failed", !r.passed);
    });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(outcomes, 120);
  }

  if (meetingForm) {
    inputs.forEach((input, i) => {
      input.addEventListener("input", soon);
      input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();  // Enter moves on, as Tab does; it does not save
        (inputs[i + 1] || $("save-meeting")).focus();
        inputs[i + 1]?.select();
      });
    });
    meetingForm.addEventListener("change", (event) => {
      if (!event.target.classList.contains("votes")) soon();
    });
    meetingForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      const votes = round.nominations.map((n, i) => ({ nomination: n.id, typed: inputs[i].value.trim() }))
        .filter((v) => v.typed !== "").map((v) => ({ nomination: v.nomination, votes: count(v.typed) }));
      try {
        await call("PUT", `${data.api}/meeting`, { version: round.version, meeting: meeting(), votes });
        reload();
      } catch (e) { /* shown */ }
    });
    if (inputs.some((i) => i.value.trim() !== "")) outcomes();
  }

  // -- check and papers -------------------------------------------------------------------

  const checkButton = $("check-round");
  if (checkButton) {
    checkButton.addEventListener("click", async () => {
      clearErrors();
      let result;
      try { result = await call("GET", `${data.api}/check`); } catch (e) { return; }
      const table = el("table", undefined, "office-table");
      const head = el("tr");
      for (const h of ["STT", "Cá nhân, tập thể", "Danh hiệu, hình thức", "Số phiếu", "Tỷ lệ", "Kết quả"]) {
        const th = el("th", h);
        th.scope = "col";
        head.append(th);
      }
      table.append(el("thead"), el("tbody"));
      table.tHead.append(head);
      result.nominations.forEach((r, i) => {
        const tr = el("tr", undefined, r.passed ? "passed" : "failed");
        tr.append(el("td", String(i + 1), "num"), el("td", r.name), el("td", awardName(r.award)),
                  el("td", String(r.votes), "num"), el("td", r.percent_text, "num"),
                  el("td", r.passed ? "Đạt" : `Không đạt: ${r.reasons.join("; ")}`));
        table.tBodies[0].append(tr);
      });
      const passed = result.nominations.filter((r) => r.passed).length;
      const box = el("div", undefined, "table-scroll");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Kết quả kiểm tra đợt xét");
      box.append(table);
      $("check-result").replaceChildren(
        el("p", `${passed}/${result.nominations.length} đề nghị đạt.`), box);
      live.textContent = `Đã kiểm tra: ${passed}/${result.nominations.length} đề nghị đạt.`;
    });
  }

  const draftsButton = $("make-drafts");
  if (draftsButton) {
    draftsButton.addEventListener("click", async () => {
      clearErrors();
      draftsButton.disabled = true;
      let made;
      try {
        made = await call("POST", `${data.api}/drafts`);
      } catch (e) {
        draftsButton.disabled = false;
        return;
      }
      draftsButton.disabled = false;
      const list = $("round-papers");
      list.replaceChildren(...made.papers.map((p) => {
        const li = el("li");
        const a = el("a", p.title);
        a.href = `${data.registry}${p.id}`;
        li.append(a, ` · ${p.status_label}`);
        return li;
      }));
      live.textContent = `Đã tạo ${made.papers.length} dự thảo trong sổ văn bản.`;
      list.querySelector("a")?.focus();
    });
  }
})();
