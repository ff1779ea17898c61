/* A form built from a JSON Schema (the pydantic model's), read back into JSON.
 * One source of truth: the server's model decides the fields; the page's label table
 * (docgen/model/labels.py, sent in #form-labels by docgen/http/web/labels.py) names and
 * orders them as on the paper. This only draws them, keeps what the clerk typed, refuses
 * what the browser cannot read, and shows errors at the paths the server reports, with a
 * summary at the top. */
"use strict";

const SchemaForm = (() => {
  const data = (id, fallback) => JSON.parse(document.getElementById(id)?.textContent || fallback);
  const FORM = data("form-labels", "{}");
  const LABELS = FORM.labels || {};
  const CHOICES = FORM.choices || {};
  const ORDER = FORM.order || {};
  const TARGETS = FORM.targets || {};
  const AWARDS = data("awards", "[]");
  let uid = 0;

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }

  /* Tell the page something changed that no keystroke announced (a row added, removed or
   * moved, a whole value set): it saves the draft and refreshes the preview. */
  function changed(node) {
    node.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function resolve(schema, root) {
    let s = schema;
    while (s && s.$ref) s = root.$defs[s.$ref.split("/").pop()];
    return s || {};
  }

  /* anyOf [X, null] -> {schema: X, optional: true}; the outer description, default and
   * examples stay with it. */
  function unwrap(schema, root) {
    const s = resolve(schema, root);
    if (s.anyOf) {
      const rest = s.anyOf.filter((x) => x.type !== "null");
      if (rest.length === 1) {
        return { schema: { ...resolve(rest[0], root), description: s.description,
                           default: s.default, examples: s.examples }, optional: true };
      }
    }
    // A reference may carry its own examples beside it.
    return { schema: schema.examples ? { ...s, examples: schema.examples } : s, optional: false };
  }

  /* The most specific entry of a table keyed by path suffix: for ["witness", "signer",
   * "name"] try "witness.signer.name", "signer.name", "name". */
  function lookup(table, names) {
    for (let i = 0; i < names.length; i++) {
      const key = names.slice(i).join(".");
      if (key in table) return table[key];
    }
    return undefined;
  }

  /* A server path in the clerk's words, for data that is not drawn as a form (a pasted
   * decision): ["individuals", 3, "name"] -> "Cá nhân được khen thưởng 4 › Họ và tên".
   * The same rule as docgen.model.labels.field_label. */
  function pathLabel(loc) {
    const names = [];
    const words = [];
    for (const part of loc || []) {
      if (typeof part === "number") {
        if (words.length) words[words.length - 1] += ` ${part + 1}`;
        continue;
      }
      names.push(part);
      words.push(lookup(LABELS, names) || part);
    }
    return words.join(" › ");
  }

  function labelFor(names, schema) {
    return lookup(LABELS, names) || schema.title || names[names.length - 1] || "";
  }

  function ordered(names, properties) {
    const order = names.length ? lookup(ORDER, names) : ORDER[""];
    const keys = Object.keys(properties);
    if (!order) return keys;
    const rank = (k) => { const i = order.indexOf(k); return i < 0 ? order.length : i; };
    return keys.map((k, i) => [k, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
      .map(([k]) => k);
  }

  function errorSlot(wrapper) {
    let slot = wrapper.querySelector(":scope > .field-error");
    if (!slot) {
      slot = el("p", { class: "field-error", id: `${wrapper.id || `w${++uid}`}-error` });
      const legend = wrapper.querySelector(":scope > legend");
      // A group's message goes right under its title, where the eye looks first.
      if (legend) legend.after(slot); else wrapper.append(slot);
    }
    return slot;
  }

  /* Dates are typed the Vietnamese way, ngày/tháng/năm (05/01/2026; 2026-01-05 is read
   * too), in a text box: a browser's date box shows its own locale's order and turns a
   * date it cannot read (31/02/2026) into an empty value without a word. */
  const DMY = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
  const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  const pad = (n) => String(n).padStart(2, "0");

  /* "2026-01-05" for a real date, null for text that is not one. */
  function isoDate(text) {
    const t = text.trim();
    let m = DMY.exec(t), d, mo, y;
    if (m) [d, mo, y] = [+m[1], +m[2], +m[3]];
    else if ((m = YMD.exec(t))) [y, mo, d] = [+m[1], +m[2], +m[3]];
    else return null;
    const real = new Date(Date.UTC(y, mo - 1, d));
    if (real.getUTCFullYear() !== y || real.getUTCMonth() !== mo - 1 || real.getUTCDate() !== d) return null;
    return `${y}-${pad(mo)}-${pad(d)}`;
  }

  function shownDate(iso) {
    const m = YMD.exec(String(iso));
    return m ? `${pad(m[3])}/${pad(m[2])}/${m[1]}` : String(iso);
  }

  /* What the browser cannot read is a field message, never an empty value sent as if
   * nothing had been typed (31/02/2026 as a date, "1e" or "2.5" as a whole number). */
  function parseProblem(schema, input) {
    if (schema.format === "date" && input.value.trim() !== "" && !isoDate(input.value)) {
      return DMY.test(input.value.trim()) || YMD.test(input.value.trim())
        ? `ngày ${input.value.trim()} không có trong lịch`
        : "ngày viết theo dạng ngày/tháng/năm, ví dụ 05/01/2026";
    }
    if (schema.type === "integer" && input.value.trim() !== "" && !/^\d+$/.test(input.value.trim())) {
      return "phải là số nguyên, chỉ gồm chữ số (ví dụ 12)";
    }
    // Past 2^53 a number loses its last digits on the way ("1e+23"): say the bound the
    // server would, not that it is no whole number.
    if (schema.type === "integer" && /^\d+$/.test(input.value.trim()) &&
        !Number.isSafeInteger(Number(input.value.trim())) && schema.maximum !== undefined) {
      return `phải nhỏ hơn hoặc bằng ${schema.maximum}`;
    }
    if (schema.type === "number" && input.value.trim() !== "" &&
        !Number.isFinite(Number(input.value.trim().replace(",", ".")))) {
      return "phải là một số";
    }
    return null;
  }

  function scalar(names, schema, required) {
    const id = `f${++uid}`;
    const key = names[names.length - 1];
    const label = labelFor(names, schema);
    const wrapper = el("div", { class: "field" });
    const placeholder = Array.isArray(schema.examples) && schema.examples.length
      ? `Ví dụ: ${schema.examples[0]}` : undefined;
    let input;
    if (schema.enum) {
      input = el("select", { id });
      // A choice with a default always has a value: no empty line to pick.
      if (!required && (schema.default === undefined || schema.default === null)) {
        input.append(el("option", { value: "", text: "— không chọn —" }));
      }
      const shown = CHOICES[key] || {};
      for (const v of schema.enum) input.append(el("option", { value: v, text: shown[v] || v }));
    } else if ((key === "award" || key === "collective_award") && AWARDS.length) {
      // The collectives' own award is optional: empty, they receive the individuals'.
      input = el("select", { id });
      input.append(el("option", { value: "", text: key === "award" ? "— chọn —" : "— như cá nhân —" }));
      for (const a of AWARDS) input.append(el("option", { value: a.code, text: a.name }));
    } else if (schema.type === "boolean") {
      input = el("input", { id, type: "checkbox" });
    } else if (schema.type === "integer" || schema.type === "number") {
      // A text box with a numeric keypad: the page reads exactly what was typed (a number
      // box hides "1e" as an empty value), and refuses what is not a number.
      input = el("input", { id, type: "text", inputmode: schema.type === "integer" ? "numeric" : "decimal",
                            autocomplete: "off", placeholder, class: "number" });
    } else if (schema.format === "date") {
      input = el("input", { id, type: "text", class: "date", autocomplete: "off",
                            placeholder: "ngày/tháng/năm" });
    } else if (key === "body" || (schema.maxLength || 0) > 2000) {
      // A paper's body is Markdown (docgen/compose/markup.py): bodyeditor.js puts a rich
      // text editor over it; if the editor cannot load, the clerk writes in this box.
      input = el("textarea", { id, rows: 14, maxlength: schema.maxLength, placeholder,
                               "data-editor": key === "body" ? "markdown" : undefined });
    } else if ((schema.maxLength || 0) >= 2000 || schema["x-multiline"]) {
      // Sentences, and names that keep their line break (an agency on two header lines).
      input = el("textarea", { id, rows: 2, maxlength: schema.maxLength, placeholder });
    } else {
      input = el("input", { id, type: "text", maxlength: schema.maxLength, placeholder });
    }
    input.name = key;
    const lab = el("label", { for: id, text: label + (required ? " *" : "") });
    if (schema.type === "boolean") { wrapper.classList.add("check"); wrapper.append(input, lab); }
    else wrapper.append(lab, input);
    const node = {
      type: "scalar", wrapper, input, label,
      get() {
        if (schema.type === "boolean") return input.checked;
        const v = input.value;
        if (v.trim() === "") return undefined;
        // Numbers are sent as numbers only when they read as such; anything else goes as
        // typed, so that the server names the problem too (never a silent 2 for "2.5").
        if (schema.format === "date") return isoDate(v) || v;
        if (schema.type === "integer" && /^\d+$/.test(v.trim())) return Number(v.trim());
        if (schema.type === "number" && Number.isFinite(Number(v.trim().replace(",", ".")))) {
          return Number(v.trim().replace(",", "."));
        }
        return v;
      },
      set(v) {
        // A value left out of a draft or sample is the model's default, as on the server.
        if ((v === undefined || v === null) && schema.default !== undefined) v = schema.default;
        if (schema.type === "boolean") input.checked = !!v;
        else if (v === undefined || v === null) input.value = "";
        else if (input.tagName === "SELECT") {
          // A pasted "Nữ" picks the choice "nữ": by value or by what the list shows.
          const want = String(v).trim().toLocaleLowerCase("vi");
          const option = [...input.options].find((o) => o.value.toLocaleLowerCase("vi") === want
            || o.text.toLocaleLowerCase("vi") === want);
          input.value = option ? option.value : "";
        }
        else input.value = schema.format === "date" ? shownDate(v) : String(v);
        // A value set from outside (a sample, a draft, emptied): an editor over the box
        // (bodyeditor.js) shows it.
        if (input.tagName === "TEXTAREA") input.dispatchEvent(new Event("docgen:set"));
      },
      check(out) {
        const msg = parseProblem(schema, input);
        if (msg) out.push({ node, msg });
      },
      // An editor drawn over the box (bodyeditor.js) takes the focus in its place.
      focusTarget() { return input.docgenFocus || input; },
    };
    if (schema.default !== undefined && schema.default !== null) node.set(schema.default);
    return node;
  }

  function object(names, schema, root, required, optional) {
    const fs = el("fieldset", { class: "group", id: `g${++uid}`, tabindex: "-1" });
    const label = names.length ? labelFor(names, schema) : "";
    if (names.length) fs.append(el("legend", { text: label + (required ? " *" : "") }));
    const children = {};
    let toggle = null;
    if (optional) {
      const id = `f${++uid}`;
      toggle = el("input", { type: "checkbox", id });
      fs.append(el("div", { class: "field check" }, toggle,
                    el("label", { for: id, text: `Có ${label.charAt(0).toLowerCase()}${label.slice(1)}` })));
    }
    const body = el("div", { class: "group-body" });
    fs.append(body);
    const req = new Set(schema.required || []);
    const props = schema.properties || {};
    for (const k of ordered(names, props)) {
      children[k] = build([...names, k], props[k], root, req.has(k));
      body.append(children[k].wrapper);
    }
    const sync = () => { body.hidden = toggle ? !toggle.checked : false; };
    if (toggle) { toggle.addEventListener("change", sync); sync(); }
    const node = {
      type: "object", wrapper: fs, children, label,
      get(record) {
        if (toggle && !toggle.checked) return undefined;
        const out = {};
        for (const [k, n] of Object.entries(children)) {
          const v = n.get(record);
          if (v !== undefined) out[k] = v;
        }
        return out;
      },
      set(v) {
        if (toggle) { toggle.checked = v !== undefined && v !== null; sync(); }
        for (const [k, n] of Object.entries(children)) n.set(v ? v[k] : undefined);
      },
      check(out) {
        if (toggle && !toggle.checked) return;
        for (const n of Object.values(children)) n.check(out);
      },
      focusTarget() {
        if (toggle && !toggle.checked) return toggle;
        for (const n of Object.values(children)) {
          const t = n.focusTarget();
          if (t) return t;
        }
        return fs;
      },
    };
    return node;
  }

  function array(names, schema, root, required) {
    const fs = el("fieldset", { class: "group array", id: `g${++uid}`, tabindex: "-1" });
    const rowLabel = labelFor(names, schema);
    fs.append(el("legend", { text: rowLabel + (required ? " *" : "") }));
    const list = el("ol", { class: "items" });
    // An id, so that the error list can link to it (the target of an empty list's error).
    const add = el("button", { type: "button", class: "add", id: `${fs.id}-add`,
                               text: `+ Thêm ${rowLabel.toLowerCase()}` });
    fs.append(list, add);
    const itemSchema = schema.items || {};
    // `sent[i]` is the row the i-th value sent to the server came from: empty rows are left
    // out of the JSON, and the server's error paths count only what it received.
    const node = { type: "array", wrapper: fs, items: [], sent: null, label: rowLabel };

    function focusRow(entry) {
      (entry?.child.focusTarget() || add).focus();
    }

    function addItem(value) {
      const child = build(names, itemSchema, root, true);
      const li = el("li", { class: "item" });
      const up = el("button", { type: "button", class: "up", text: "↑" });
      const down = el("button", { type: "button", class: "down", text: "↓" });
      const remove = el("button", { type: "button", class: "remove", text: "✕" });
      const controls = el("div", { class: "item-controls" }, up, down, remove);
      li.append(child.wrapper, controls);
      list.append(li);
      const entry = { li, child, up, down, remove };
      node.items.push(entry);
      remove.addEventListener("click", () => {
        const i = node.items.indexOf(entry);
        node.items.splice(i, 1); li.remove(); renumber();
        // Keep the clerk where they were: on the row that took this one's place.
        focusRow(node.items[i] || node.items[i - 1]);
        changed(fs);
      });
      up.addEventListener("click", () => move(entry, -1, up));
      down.addEventListener("click", () => move(entry, 1, down));
      if (value !== undefined) child.set(value);
      renumber();
      return entry;
    }
    function move(entry, delta, button) {
      const i = node.items.indexOf(entry), j = i + delta;
      if (j < 0 || j >= node.items.length) return;
      node.items.splice(i, 1); node.items.splice(j, 0, entry);
      if (delta < 0) list.insertBefore(entry.li, node.items[j + 1].li);
      else node.items[j - 1].li.after(entry.li);
      renumber();
      // Moving a row out of the document and back drops the focus: put it back.
      button.focus();
      changed(fs);
    }
    function renumber() {
      node.items.forEach((e, i) => {
        const n = `${rowLabel} ${i + 1}`;
        const legend = e.child.wrapper.querySelector(":scope > legend");
        // The number shows; screen readers hear "Nơi nhận 2", not just "2".
        if (legend) legend.replaceChildren(el("span", { class: "visually-hidden", text: `${rowLabel} ` }), `${i + 1}`);
        const lab = e.child.wrapper.querySelector(":scope > label");
        if (lab) lab.textContent = `${i + 1}`;
        if (e.child.input) e.child.input.setAttribute("aria-label", n);
        e.up.setAttribute("aria-label", `Chuyển ${n} lên`);
        e.down.setAttribute("aria-label", `Chuyển ${n} xuống`);
        e.remove.setAttribute("aria-label", `Xóa ${n}`);
        e.up.disabled = i === 0;
        e.down.disabled = i === node.items.length - 1;
      });
    }
    // A disabled button cannot keep the focus: after moving a row to the end, the focus
    // goes to its other arrow.
    fs.addEventListener("click", (event) => {
      const b = event.target.closest("button.up, button.down");
      if (b && b.disabled) b.parentElement.querySelector("button:not(:disabled)")?.focus();
    });
    add.addEventListener("click", () => { focusRow(addItem()); changed(fs); });
    const item = unwrap(itemSchema, root).schema;
    if (item.properties) fs.append(pasteBox(item));

    /* Rows copied from a spreadsheet (Excel, LibreOffice: one row a line, cells separated
     * by tabs), in the columns of the form's order: "Họ và tên, Giới tính, Chức vụ, Đơn vị
     * công tác". A heading row and a leading STT column are left out. */
    function pasteBox(item) {
      const columns = ordered(names, item.properties)
        .filter((k) => { const s = unwrap(item.properties[k], root).schema; return !s.properties && s.type !== "array"; });
      const heads = columns.map((k) => labelFor([...names, k], unwrap(item.properties[k], root).schema));
      const id = `p${++uid}`;
      const area = el("textarea", { id, rows: 4, class: "paste", autocomplete: "off" });
      const button = el("button", { type: "button", class: "paste-add", text: "Thêm các dòng đã dán" });
      const note = el("p", { class: "muted paste-note", role: "status" });
      button.addEventListener("click", () => {
        const rows = Paste.rows(area.value, heads);  // paste.js
        if (!rows.length) { note.textContent = "Chưa có dòng nào để thêm."; return; }
        const firstNew = node.items.length;
        for (const cells of rows) {
          const value = {};
          columns.forEach((k, i) => { if (cells[i]) value[k] = cells[i]; });
          addItem(value);
        }
        area.value = "";
        note.textContent = `Đã thêm ${rows.length} dòng.`;
        focusRow(node.items[firstNew]);
        changed(fs);
      });
      return el("details", { class: "paste-box" },
        el("summary", { text: "Dán từ bảng tính" }),
        el("label", { for: id, text: `Chép các dòng từ Excel rồi dán vào đây, mỗi dòng một ` +
                                     `${rowLabel.toLowerCase()}; các cột: ${heads.join(", ")}` }),
        area, button, note);
    }
    const isEmpty = (v) => v === undefined ||
      (typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => x === false || x === undefined));
    /* A list the paper fills in by itself when it is left out (an award decision's legal
     * bases, those in force on its date: showDefaults) is shown as those rows. While its
     * rows are exactly those, it is sent as left out, so the paper keeps following its
     * date; once the clerk changes, adds or removes a row, the rows are sent as they are,
     * an emptied list too (never the defaults coming back unseen). */
    node.defaults = null;
    node.leftOut = true;
    const rowValues = () => node.items.map((e) => e.child.get()).filter((v) => !isEmpty(v));
    const atDefaults = () => (node.defaults
      ? JSON.stringify(rowValues()) === JSON.stringify(node.defaults)
      : node.leftOut && rowValues().length === 0);
    function replaceRows(values) {
      node.items.splice(0).forEach((e) => e.li.remove());
      for (const item of values || []) addItem(item);
      node.sent = null;
    }
    node.showDefaults = (values) => {
      const was = atDefaults();
      node.defaults = values;
      if (was) replaceRows(values);
    };
    /* With `record`, remember which rows were sent (for the answer's error paths). */
    node.get = (record) => {
      if (!required && atDefaults()) { if (record) node.sent = null; return undefined; }
      const out = [];
      const sent = [];
      node.items.forEach((e, i) => {
        const v = e.child.get(record);
        if (!isEmpty(v)) { out.push(v); sent.push(i); }
      });
      if (record) node.sent = sent;
      return out.length || required || node.defaults !== null ? out : undefined;
    };
    node.set = (v) => {
      node.leftOut = v === undefined || v === null;
      replaceRows(node.leftOut ? node.defaults : v);
    };
    node.check = (out) => node.items.forEach((e) => e.child.check(out));
    /* The row the server means by index i. */
    node.itemAt = (i) => node.items[node.sent ? node.sent[i] : i]?.child;
    node.rowNumber = (child) => node.items.findIndex((e) => e.child === child) + 1;
    node.focusTarget = () => node.items[0]?.child.focusTarget() || add;
    return node;
  }

  function build(names, schema, root, required) {
    const { schema: s, optional } = unwrap(schema, root);
    if (s.type === "object" || s.properties) return object(names, s, root, required, optional);
    if (s.type === "array") return array(names, s, root, required);
    return scalar(names, s, required && !optional);
  }

  function create(container, schema) {
    const root = object([], schema, schema, true, false);
    container.replaceChildren(root.wrapper);
    root.defaults = JSON.stringify(root.get());
    return root;
  }

  /* The node at a server path, and the words that name it for the clerk:
   * "Cá nhân được khen thưởng 4 › Họ và tên". */
  function locate(root, loc) {
    let node = root;
    const words = [];
    for (const part of loc || []) {
      if (node.type === "object" && node.children[part]) {
        node = node.children[part];
        words.push(node.label);
      } else if (node.type === "array" && node.itemAt(part)) {
        const row = node.itemAt(part);
        words[words.length - 1] = `${node.label} ${node.rowNumber(row)}`;
        node = row;
      } else break;
    }
    return { node, words };
  }

  /* Mark each problem at its field and list them all at the top: `box` gets a heading,
   * one link per problem to its field, and the focus. Whole-form problems the model
   * raises about several fields go to the field their type names (labels.py). */
  function showErrors(root, errors, box) {
    clearErrors(root, box);
    const items = [];
    for (const err of errors) {
      const loc = [...(err.loc || [])];
      if (err.type && TARGETS[err.type]) loc.push(TARGETS[err.type]);
      const { node, words } = locate(root, loc);
      let target = null;
      if (node !== root) {
        const slot = errorSlot(node.wrapper);
        slot.textContent = slot.textContent ? `${slot.textContent}; ${err.msg}` : err.msg;
        node.wrapper.classList.add("invalid");
        target = node.focusTarget();
        if (node.input) {
          node.input.setAttribute("aria-invalid", "true");
          node.input.setAttribute("aria-describedby", slot.id);
        }
      }
      items.push({ text: words.length ? `${words.join(" › ")}: ${err.msg}` : err.msg, target });
    }
    // In the form's order, top to bottom (the server lists field errors before the rules
    // about the whole form); a problem with no field of its own comes first.
    items.sort((a, b) => (!a.target || !b.target ? !!a.target - !!b.target
      : a.target === b.target ? 0
      : a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    summary(box, items);
    return items.length;
  }

  /* Problems found in the browser (unreadable dates and numbers), before asking the server. */
  function localErrors(root, box) {
    const out = [];
    root.check(out);
    if (!out.length) return 0;
    clearErrors(root, box);
    const items = out.map(({ node, msg }) => {
      const slot = errorSlot(node.wrapper);
      slot.textContent = msg;
      node.wrapper.classList.add("invalid");
      node.input.setAttribute("aria-invalid", "true");
      node.input.setAttribute("aria-describedby", slot.id);
      return { text: `${node.input.getAttribute("aria-label") || node.label}: ${msg}`, target: node.input };
    });
    summary(box, items);
    return items.length;
  }

  function summary(box, items) {
    if (!box) { items.find((i) => i.target)?.target.focus(); return; }
    const list = el("ul", {});
    for (const item of items) {
      if (!item.target) { list.append(el("li", { text: item.text })); continue; }
      const a = el("a", { href: `#${item.target.id}`, text: item.text });
      a.addEventListener("click", (event) => {
        event.preventDefault();
        item.target.scrollIntoView({ block: "center" });
        item.target.focus();
      });
      list.append(el("li", {}, a));
    }
    box.replaceChildren(el("h2", { text: `Có ${items.length} chỗ cần sửa` }), list);
    box.hidden = false;
    box.focus();
  }

  function clearErrors(root, box) {
    root.wrapper.querySelectorAll(".field-error").forEach((e) => e.remove());
    root.wrapper.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
    root.wrapper.querySelectorAll("[aria-invalid]").forEach((e) => {
      e.removeAttribute("aria-invalid"); e.removeAttribute("aria-describedby");
    });
    if (box) { box.hidden = true; box.replaceChildren(); }
  }

  function csrf() { return document.querySelector('meta[name="csrf-token"]').content; }

  /* The form's value as sent to the server: row positions are recorded, so that the
   * server's answer about row 3 lands on the clerk's third non-empty row. */
  function value(root) { return root.get(true); }

  async function postJSON(url, value, signal) {
    return fetch(url, { method: "POST", signal, headers: { "Content-Type": "application/json",
      Accept: "application/json", "X-CSRFToken": csrf() }, body: JSON.stringify(value) });
  }

  /* Ask before something replaces the clerk's work (a sample, a new paper, a draft file). */
  function isTouched(root) { return JSON.stringify(root.get()) !== root.defaults; }

  return { create, pathLabel, showErrors, localErrors, clearErrors, postJSON, csrf, el, changed, isTouched,
           value };
})();
