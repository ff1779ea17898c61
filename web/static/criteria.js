/* "Bảng tiêu chí" and "Đơn vị thành viên" on the cluster's year page. The table: the table of criteria as an editable tree
 * (sections holding criteria), sent whole to PUT /api/v1/clusters/<id>/criteria with the
 * page's CSRF token. The server checks the tree (the model's rules: a section has
 * criteria, a criterion its kind and maximum, a count its points per occurrence) and
 * refuses to drop or retype a criterion a member has scored; its messages are shown as
 * they come. Every control is a native button, input or select, so the tree is worked
 * with the keyboard; after a move or a removal the focus stays where the person was.
 * The members (before anyone scores): the units kept (checked) and one unit added, sent
 * to PUT /api/v1/clusters/<id>/members. */
"use strict";

(() => {
  const form = document.getElementById("criteria-editor");
  if (!form) return;
  const tree = document.getElementById("criteria-tree");
  const api = document.getElementById("grid").dataset.api;
  const data = JSON.parse(document.getElementById("criteria-data").textContent);
  const scored = new Set(data.scored);
  const box = document.getElementById("cluster-messages");
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";
  const COUNTED = new Set(["count", "bonus", "penalty"]);
  let serial = 0;

  function say(lines, bad) {
    box.replaceChildren(...lines.map((text) => {
      const p = document.createElement("p");
      p.className = `flash flash-${bad ? "error" : "success"}`;
      p.textContent = text;
      return p;
    }));
    box.scrollIntoView({ block: "nearest" });
  }

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(li, label, input) {
    const id = `crit-${li.dataset.n}-${input.name}`;
    input.id = id;
    const wrap = el("span", { class: `crit-field crit-${input.name}` });
    wrap.append(el("label", { for: id }, label), input);
    return wrap;
  }

  /* One node of the tree: a section (with its own list) or a criterion. */
  function node(item) {
    serial += 1;
    const section = Array.isArray(item.children);
    const locked = !section && scored.has(item.code);
    const li = el("li", { class: "crit-node", "data-n": serial });
    if (item.rule) li.dataset.rule = item.rule;
    const row = el("div", { class: "crit-row" });
    const code = el("input", { name: "code", type: "text", required: true, maxlength: 20,
                               value: item.code || "", readonly: locked, size: 5 });
    const name = el("input", { name: "name", type: "text", required: true, maxlength: 1000,
                               value: item.name || "" });
    const kind = el("select", { name: "kind", disabled: locked });
    kind.append(el("option", { value: "section" }, "Phần (nhóm tiêu chí)"));
    for (const [value, label] of Object.entries(data.kinds)) {
      kind.append(el("option", { value }, `Tiêu chí ${label}`));
    }
    kind.value = section ? "section" : (item.type || "pass");
    const max = el("input", { name: "max", type: "number", min: 0, step: "any",
                              inputmode: "decimal", value: item.max ?? "" });
    const points = el("input", { name: "points", type: "number", min: 0, step: "any",
                                 inputmode: "decimal", value: item.points ?? "" });
    const unit = el("input", { name: "unit", type: "text", maxlength: 100, size: 6,
                               value: item.unit || "" });
    row.append(field(li, "Số", code), field(li, "Nội dung", name), field(li, "Loại", kind),
      field(li, "Tối đa", max), field(li, "Điểm mỗi lần", points),
      field(li, "Đơn vị tính", unit));
    const tools = el("span", { class: "crit-tools" });
    const button = (action, text) => el("button", { type: "button", "data-action": action },
      text);
    tools.append(button("up", "Lên"), button("down", "Xuống"));
    if (section) tools.append(button("add-child", "Thêm tiêu chí vào phần"));
    tools.append(button("remove", "Xóa"));
    row.append(tools);
    if (locked) row.append(el("span", { class: "muted crit-note" }, "đã có đơn vị chấm"));
    li.append(row);
    if (section) {
      const list = el("ol", { class: "crit-children" });
      for (const child of item.children) list.append(node(child));
      li.append(list);
    }
    shape(li);
    return li;
  }

  /* What a node's kind allows: a section has no points; only counts have points each. */
  function shape(li) {
    const row = li.querySelector(":scope > .crit-row");
    const kind = row.querySelector('[name="kind"]').value;
    const section = kind === "section";
    for (const name of ["max", "unit"]) {
      row.querySelector(`[name="${name}"]`).closest(".crit-field").hidden = section;
    }
    row.querySelector('[name="points"]').closest(".crit-field").hidden =
      section || !COUNTED.has(kind);
    labelTools(li);
  }

  /* The buttons say which number they act on (a screen reader hears "Xóa 1.1"). */
  function labelTools(li) {
    const row = li.querySelector(":scope > .crit-row");
    const code = row.querySelector('[name="code"]').value.trim() || "mới";
    const names = { up: "Chuyển lên", down: "Chuyển xuống", remove: "Xóa",
                    "add-child": "Thêm tiêu chí vào phần" };
    for (const b of row.querySelectorAll("[data-action]")) {
      b.setAttribute("aria-label", `${names[b.dataset.action]} ${code}`);
    }
  }

  function codes(li) {
    return [...li.querySelectorAll('[name="code"]')].map((i) => i.value.trim());
  }

  function read(li) {
    const row = li.querySelector(":scope > .crit-row");
    const v = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    const out = { code: v("code"), name: v("name") };
    if (v("kind") === "section") {
      out.children = [...li.querySelector(":scope > .crit-children").children].map(read);
      return out;
    }
    out.type = v("kind");
    if (v("max") !== "") out.max = Number(v("max"));
    if (COUNTED.has(out.type) && v("points") !== "") out.points = Number(v("points"));
    if (v("unit")) out.unit = v("unit");
    if (li.dataset.rule && out.type === "target") out.rule = li.dataset.rule;
    return out;
  }

  function focusCode(li) {
    li.querySelector('[name="code"]').focus();
  }

  tree.replaceChildren(...data.criteria.map(node));

  form.addEventListener("input", (event) => {
    if (event.target.name === "code") labelTools(event.target.closest(".crit-node"));
  });

  form.addEventListener("change", (event) => {
    const select = event.target;
    if (select.name !== "kind") return;
    const li = select.closest(".crit-node");
    const list = li.querySelector(":scope > .crit-children");
    if (select.value === "section" && !list) {
      // A criterion becomes a section: it gets its list and the button to fill it.
      const made = node({ code: read(li).code, name: read(li).name, children: [] });
      li.replaceWith(made);
      made.querySelector('[name="kind"]').focus();
      return;
    }
    if (select.value !== "section" && list) {
      if (list.children.length) {
        select.value = "section";
        say(["Phần còn tiêu chí con: chuyển hoặc xóa các tiêu chí con trước."], true);
        return;
      }
      const made = node({ code: read(li).code, name: read(li).name, type: select.value });
      li.replaceWith(made);
      made.querySelector('[name="kind"]').focus();
      return;
    }
    shape(li);
  });

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const li = button.closest(".crit-node");
    const action = button.dataset.action;
    if (action === "up" || action === "down") {
      const other = action === "up" ? li.previousElementSibling : li.nextElementSibling;
      if (!other) {
        say([`Tiêu chí ${read(li).code} đã ở ${action === "up" ? "đầu" : "cuối"} danh sách.`],
          true);
        return;
      }
      if (action === "up") other.before(li); else other.after(li);
      button.focus();
    } else if (action === "remove") {
      const taken = codes(li).filter((c) => scored.has(c));
      if (taken.length) {
        say([`Không xóa được: tiêu chí ${taken.join(", ")} đã có đơn vị chấm.`], true);
        return;
      }
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      if (next) focusCode(next); else document.getElementById("add-section").focus();
    } else if (action === "add-child") {
      const made = node({ code: "", name: "", type: "pass" });
      li.querySelector(":scope > .crit-children").append(made);
      focusCode(made);
    }
  });

  document.getElementById("add-section").addEventListener("click", () => {
    const made = node({ code: "", name: "", children: [] });
    tree.append(made);
    focusCode(made);
  });
  document.getElementById("add-criterion").addEventListener("click", () => {
    const made = node({ code: "", name: "", type: "pass" });
    tree.append(made);
    focusCode(made);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { version: data.version, criteria: [...tree.children].map(read) };
    const reason = document.getElementById("criteria-reason").value.trim();
    if (reason) body.reason = reason;
    let resp;
    try {
      resp = await fetch(`${api}/criteria`, {
        method: "PUT", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": csrf() } });
    } catch (e) {
      say(["Không gửi được: kiểm tra kết nối mạng rồi thử lại."], true);
      return;
    }
    const answer = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      const where = (loc) => {
        // criteria.0.children.2.max -> the number of the node, as the person typed it.
        let items = body.criteria;
        let item;
        const path = [...loc];
        if (path[0] === "criteria") path.shift();
        while (path.length && typeof path[0] === "number" && items) {
          item = items[path.shift()];
          if (path[0] === "children") { path.shift(); items = item && item.children; }
          else break;
        }
        return item && item.code ? `Tiêu chí ${item.code}` : loc.join(".");
      };
      const errors = (answer.errors || []).map((e) => (e.loc && e.loc.length
        ? `${where(e.loc)}: ${e.msg}` : e.msg));
      say(errors.length ? errors : [answer.message || `Lỗi ${resp.status}`], true);
      return;
    }
    sessionStorage.setItem("docgen-cluster-done", "Đã lưu bảng tiêu chí.");
    window.location.reload();
  });
})();

(() => {
  const form = document.getElementById("members-editor");
  if (!form) return;
  const api = document.getElementById("grid").dataset.api;
  const data = JSON.parse(document.getElementById("members-data").textContent);
  const version = JSON.parse(document.getElementById("criteria-data").textContent).version;
  const box = document.getElementById("cluster-messages");
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  function say(lines) {
    box.replaceChildren(...lines.map((text) => {
      const p = document.createElement("p");
      p.className = "flash flash-error";
      p.textContent = text;
      return p;
    }));
    box.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const v = (name) => form.elements[name].value.trim();
    const kept = new Set([...form.querySelectorAll('[name="keep"]')]
      .filter((box) => box.checked || box.disabled).map((box) => box.value));
    const members = data.members.filter((m) => kept.has(m.code));
    const agencies = Object.fromEntries(Object.entries(data.agencies)
      .filter(([code]) => kept.has(code)));
    if (v("code")) {
      members.push({ code: v("code"), name: v("name"),
                     leader: { title: v("leader-title"), name: v("leader-name") } });
      agencies[v("code")] = v("agency");
    }
    const body = { version, members, agencies };
    if (v("reason")) body.reason = v("reason");
    let resp;
    try {
      resp = await fetch(`${api}/members`, {
        method: "PUT", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": csrf() } });
    } catch (e) {
      say(["Không gửi được: kiểm tra kết nối mạng rồi thử lại."]);
      return;
    }
    const answer = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      const errors = (answer.errors || []).map((e) => (e.loc && e.loc.length
        ? `${e.loc.join(".")}: ${e.msg}` : e.msg));
      say(errors.length ? errors : [answer.message || `Lỗi ${resp.status}`]);
      return;
    }
    sessionStorage.setItem("docgen-cluster-done", "Đã lưu danh sách đơn vị thành viên.");
    window.location.reload();
  });
})();
