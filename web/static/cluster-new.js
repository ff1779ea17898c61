/* Setting a cluster's year up from an issued pledge: the units' agencies and the table are
 * sent to POST /api/v1/clusters (the page's CSRF token); the new year's page follows. */
"use strict";

(() => {
  const form = document.getElementById("new-year");
  if (!form) return;
  const box = document.getElementById("cluster-messages");
  const say = (lines) => box.replaceChildren(...lines.map((text) => {
    const p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = text;
    return p;
  }));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const members = {};
    for (const select of form.querySelectorAll('[name="agency"]')) {
      members[select.dataset.member] = select.value;
    }
    const body = { pledge: Number(form.dataset.pledge), members };
    const criteria = form.elements.criteria;
    if (criteria) {
      try { body.criteria = JSON.parse(criteria.value); } catch (e) {
        say(["Bảng tiêu chí không phải JSON hợp lệ."]);
        return;
      }
    }
    const resp = await fetch(form.dataset.api, {
      method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content } });
    const answer = await resp.json().catch(() => ({}));
    if (resp.ok) {
      window.location.assign(`/clusters/${answer.id}`);
      return;
    }
    const errors = (answer.errors || []).map((e) => (e.loc && e.loc.length
      ? `${e.loc.join(".")}: ${e.msg}` : e.msg));
    say(errors.length ? errors : [answer.message || `Lỗi ${resp.status}`]);
  });
})();
