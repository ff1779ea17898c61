/* The cluster's year page: the live total and rank of the member being scored, and every
 * change sent to the JSON API (/api/v1/clusters/<id>/…) with the page's CSRF token.
 *
 * The live total is a preview while typing: a yes/no criterion counts its maximum, a count
 * its points per occurrence up to the maximum (a penalty negative); a criterion measured
 * against a target depends on the other units and keeps the server's last figure. After
 * every change the page is shown again from the server, whose totals are the authority. */
"use strict";

(() => {
  const grid = document.getElementById("grid");
  if (!grid) return;
  const api = grid.dataset.api;
  const member = grid.dataset.member;
  const data = JSON.parse(document.getElementById("year-data").textContent);
  const box = document.getElementById("cluster-messages");
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  function say(lines, bad) {
    box.replaceChildren(...lines.map((text) => {
      const p = document.createElement("p");
      p.className = `flash flash-${bad ? "error" : "success"}`;
      p.textContent = text;
      return p;
    }));
    box.scrollIntoView({ block: "nearest" });
  }

  const done = sessionStorage.getItem("docgen-cluster-done");
  if (done) { sessionStorage.removeItem("docgen-cluster-done"); say([done], false); }

  async function send(method, path, body, what) {
    let resp;
    try {
      resp = await fetch(api + path, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": csrf() } });
    } catch (e) {
      say(["Không gửi được: kiểm tra kết nối mạng rồi thử lại."], true);
      return null;
    }
    const answer = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      const errors = (answer.errors || []).map((e) => (e.loc && e.loc.length
        ? `${e.loc.join(".")}: ${e.msg}` : e.msg));
      say(errors.length ? errors : [answer.message || `Lỗi ${resp.status}`], true);
      return null;
    }
    if (what) {
      sessionStorage.setItem("docgen-cluster-done", what);
      window.location.reload();
    }
    return answer;
  }

  // -- the live total --------------------------------------------------------------------
  const num = (text) => (text === "" || text === undefined ? null : Number(text));
  const round = (x) => Math.round(x * 100) / 100;
  // As the server writes them (vn.money.format_decimal): 70,33 and 1.234,5.
  const shown = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function points(row) {
    const type = row.dataset.type;
    const max = Number(row.dataset.max);
    const per = Number(row.dataset.points || 0);
    const value = row.querySelector('[name="value"]');
    if (type === "target" || !value) return Number(row.dataset.score);
    if (value.value === "") return 0;
    if (type === "pass") return value.value === "true" ? max : 0;
    const got = Math.min(per * Math.max(0, Math.floor(Number(value.value))), max);
    return type === "penalty" ? -got : got;
  }

  function live() {
    let total = 0;
    for (const row of grid.querySelectorAll("tr[data-criterion]")) {
      const p = points(row);
      total += p;
      row.querySelector("[data-points-cell]").textContent = shown.format(round(p));
    }
    total = round(total);
    const above = data.scores.members.filter((m) => m.code !== member && m.total > total);
    document.getElementById("live-total").textContent = shown.format(total);
    document.getElementById("live-rank").textContent = String(above.length + 1);
  }
  grid.addEventListener("input", live);
  grid.addEventListener("change", live);

  // -- saving the member's own scores -------------------------------------------------------
  function result(row) {
    const type = row.dataset.type;
    const evidence = row.querySelector('[name="evidence"]')?.value.trim() || "";
    if (type === "target") {
      const actual = num(row.querySelector('[name="actual"]').value);
      if (actual === null) return undefined;
      const out = { actual };
      const target = num(row.querySelector('[name="target"]').value);
      if (target !== null) out.target = target;
      if (evidence) out.evidence = evidence;
      return out;
    }
    const input = row.querySelector('[name="value"]');
    if (!input || input.value === "") return undefined;
    const value = type === "pass" ? input.value === "true" : Number(input.value);
    return evidence ? { value, evidence } : value;
  }

  grid.addEventListener("submit", (event) => {
    event.preventDefault();
    const results = {};
    for (const row of grid.querySelectorAll("tr[data-criterion]")) {
      if (!row.querySelector('[name="value"], [name="actual"]')) continue;
      const r = result(row);
      if (r !== undefined) results[row.dataset.criterion] = r;
    }
    if (!Object.keys(results).length) {
      say(["Chưa có kết quả nào để lưu."], true);
      return;
    }
    const body = { version: data.version, member, results };
    const reason = document.getElementById("reason")?.value.trim();
    if (reason) body.reason = reason;
    send("POST", "/scores", body, "Đã lưu kết quả tự chấm; điểm là điểm máy chủ tính.");
  });

  // -- the review and the explanation ---------------------------------------------------------
  grid.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const form = button.closest(".review-form, .explain-form");
    if (!form) return;
    const criterion = form.dataset.criterion;
    const row = form.closest("tr");
    if (form.classList.contains("review-form")) {
      const input = form.querySelector('[name="review"]');
      let value;
      if (row.dataset.type === "pass") value = input.value === "true";
      else if (row.dataset.type === "target") {
        value = { actual: num(input.value) };
        const target = num(form.querySelector('[name="review-target"]').value);
        if (target !== null) value.target = target;
      } else value = Number(input.value);
      const comment = form.querySelector('[name="comment"]').value.trim();
      const body = { version: data.version, member, criterion, value };
      if (comment) body.comment = comment;
      send("POST", "/reviews", body, `Đã thẩm định tiêu chí ${criterion}.`);
    } else {
      send("POST", "/explanations", { version: data.version, member, criterion,
        explanation: form.querySelector('[name="explanation"]').value.trim() },
      `Đã gửi giải trình tiêu chí ${criterion}.`);
    }
  });

  // -- the lock, the meeting, the papers -------------------------------------------------------
  document.getElementById("lock-year")?.addEventListener("click", (event) => {
    if (!window.confirm(event.target.dataset.confirm)) return;
    send("POST", "/lock", { version: data.version }, "Đã chốt kết quả, khóa năm thi đua.");
  });

  document.getElementById("meeting")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = event.target;
    const v = (name) => f.elements[name].value.trim();
    const votes = {};
    for (const input of f.querySelectorAll('[name="votes"]')) {
      if (input.value !== "") votes[input.dataset.member] = Number(input.value);
    }
    const attended = [...f.querySelectorAll('[name="attended"]:checked')].map((c) => c.value);
    const body = {
      version: data.version,
      meeting: { date: v("date"), place: v("place"),
                 chair: { title: v("chair-title"), name: v("chair-name") },
                 secretary: { title: v("secretary-title"), name: v("secretary-name") },
                 attended, votes_for_leader: votes },
    };
    if (v("to") || v("award")) body.proposal = { award: v("award"), to: v("to") };
    send("PUT", "/meeting", body, "Đã ghi kết quả họp.");
  });

  for (const id of ["make-minutes", "make-proposal"]) {
    document.getElementById(id)?.addEventListener("click", async (event) => {
      const made = await send("POST", `/${event.target.dataset.path}`);
      if (made) window.location.assign(`/registry/${made.paper}`);
    });
  }
})();
