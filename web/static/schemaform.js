/* A form built from a JSON Schema (the pydantic model's), read back into JSON.
 * One source of truth: the server's model decides the fields; this only draws them,
 * keeps what the clerk typed, and shows field errors at the paths the server reports. */
"use strict";

const SchemaForm = (() => {
  const LABELS = JSON.parse(document.getElementById("labels")?.textContent || "{}");
  const AWARDS = JSON.parse(document.getElementById("awards")?.textContent || "[]");
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

  function resolve(schema, root) {
    let s = schema;
    while (s && s.$ref) s = root.$defs[s.$ref.split("/").pop()];
    return s || {};
  }

  /* anyOf [X, null] -> {schema: X, optional: true} */
  function unwrap(schema, root) {
    const s = resolve(schema, root);
    if (s.anyOf) {
      const rest = s.anyOf.filter((x) => x.type !== "null");
      if (rest.length === 1) {
        return { schema: { ...resolve(rest[0], root), description: s.description,
                           default: s.default }, optional: true };
      }
    }
    return { schema: s, optional: false };
  }

  function labelFor(key, schema) {
    if (typeof key === "number") return `${key + 1}`;
    return LABELS[key] || schema.description || schema.title || key;
  }

  function errorSlot(wrapper) {
    let slot = wrapper.querySelector(":scope > .field-error");
    if (!slot) { slot = el("p", { class: "field-error", role: "alert" }); wrapper.append(slot); }
    return slot;
  }

  function scalar(key, schema, required) {
    const id = `f${++uid}`;
    const label = labelFor(key, schema);
    const wrapper = el("div", { class: "field" });
    let input;
    if (schema.enum) {
      input = el("select", { id });
      if (!required) input.append(el("option", { value: "", text: "—" }));
      for (const v of schema.enum) input.append(el("option", { value: v, text: v }));
    } else if (key === "award" && AWARDS.length) {
      input = el("select", { id });
      input.append(el("option", { value: "", text: "— chọn —" }));
      for (const a of AWARDS) input.append(el("option", { value: a.code, text: a.name }));
    } else if (schema.type === "boolean") {
      input = el("input", { id, type: "checkbox" });
    } else if (schema.type === "integer" || schema.type === "number") {
      input = el("input", { id, type: "number", min: schema.minimum, max: schema.maximum,
                            step: schema.type === "integer" ? 1 : "any" });
    } else if (schema.format === "date") {
      input = el("input", { id, type: "date" });
    } else if (key === "body" || (schema.maxLength || 0) > 2000) {
      input = el("textarea", { id, rows: 14, maxlength: schema.maxLength });
    } else if ((schema.maxLength || 0) >= 2000 || schema["x-multiline"]) {
      // Sentences, and names that keep their line break (an agency on two header lines).
      input = el("textarea", { id, rows: 2, maxlength: schema.maxLength });
    } else {
      input = el("input", { id, type: "text", maxlength: schema.maxLength });
    }
    input.name = key;
    const lab = el("label", { for: id, text: label + (required ? " *" : "") });
    if (schema.type === "boolean") { wrapper.classList.add("check"); wrapper.append(input, lab); }
    else wrapper.append(lab, input);
    const node = {
      type: "scalar", wrapper, input,
      get() {
        if (schema.type === "boolean") return input.checked;
        const v = input.value;
        if (v === "") return undefined;
        if (schema.type === "integer") return Number.isFinite(+v) ? parseInt(v, 10) : v;
        return v;
      },
      set(v) {
        if (schema.type === "boolean") input.checked = !!v;
        else input.value = v === undefined || v === null ? "" : String(v);
      },
    };
    if (schema.default !== undefined && schema.default !== null) node.set(schema.default);
    return node;
  }

  function object(key, schema, root, required, optional) {
    const fs = el("fieldset", { class: "group" });
    if (key !== null) fs.append(el("legend", { text: labelFor(key, schema) + (required ? " *" : "") }));
    const children = {};
    let toggle = null;
    if (optional) {
      const id = `f${++uid}`;
      toggle = el("input", { type: "checkbox", id });
      fs.append(el("div", { class: "field check" }, toggle,
                    el("label", { for: id, text: "Có " + labelFor(key, schema).toLowerCase() })));
    }
    const body = el("div", { class: "group-body" });
    fs.append(body);
    const req = new Set(schema.required || []);
    for (const [k, prop] of Object.entries(schema.properties || {})) {
      children[k] = build(k, prop, root, req.has(k));
      body.append(children[k].wrapper);
    }
    const sync = () => { body.hidden = toggle ? !toggle.checked : false; };
    if (toggle) { toggle.addEventListener("change", sync); sync(); }
    return {
      type: "object", wrapper: fs, children,
      get() {
        if (toggle && !toggle.checked) return undefined;
        const out = {};
        for (const [k, n] of Object.entries(children)) {
          const v = n.get();
          if (v !== undefined) out[k] = v;
        }
        return out;
      },
      set(v) {
        if (toggle) { toggle.checked = v !== undefined && v !== null; sync(); }
        for (const [k, n] of Object.entries(children)) n.set(v ? v[k] : undefined);
      },
    };
  }

  function array(key, schema, root, required) {
    const fs = el("fieldset", { class: "group array" });
    fs.append(el("legend", { text: labelFor(key, schema) + (required ? " *" : "") }));
    const list = el("ol", { class: "items" });
    const add = el("button", { type: "button", class: "add", text: "+ Thêm" });
    fs.append(list, add);
    const itemSchema = schema.items || {};
    const node = { type: "array", wrapper: fs, items: [] };
    const rowLabel = labelFor(key, schema);

    function addItem(value) {
      const child = build(node.items.length, itemSchema, root, true);
      const li = el("li", { class: "item" });
      const controls = el("div", { class: "item-controls" },
        el("button", { type: "button", class: "up", "aria-label": `Chuyển ${rowLabel} lên`, text: "↑" }),
        el("button", { type: "button", class: "down", "aria-label": `Chuyển ${rowLabel} xuống`, text: "↓" }),
        el("button", { type: "button", class: "remove", "aria-label": `Xóa dòng ${rowLabel}`, text: "✕" }));
      li.append(child.wrapper, controls);
      list.append(li);
      const entry = { li, child };
      node.items.push(entry);
      controls.querySelector(".remove").onclick = () => {
        node.items.splice(node.items.indexOf(entry), 1); li.remove(); renumber();
      };
      controls.querySelector(".up").onclick = () => move(entry, -1);
      controls.querySelector(".down").onclick = () => move(entry, 1);
      if (value !== undefined) child.set(value);
      renumber();
      return entry;
    }
    function move(entry, delta) {
      const i = node.items.indexOf(entry), j = i + delta;
      if (j < 0 || j >= node.items.length) return;
      node.items.splice(i, 1); node.items.splice(j, 0, entry);
      if (delta < 0) list.insertBefore(entry.li, node.items[j + 1].li);
      else node.items[j - 1].li.after(entry.li);
      renumber();
    }
    function renumber() {
      node.items.forEach((e, i) => {
        const legend = e.child.wrapper.querySelector(":scope > legend");
        if (legend) legend.textContent = `${i + 1}`;
        const lab = e.child.wrapper.querySelector(":scope > label");
        if (lab) lab.textContent = `${i + 1}`;
        // Screen readers hear "Nơi nhận 2", not just "2".
        if (e.child.input) e.child.input.setAttribute("aria-label", `${rowLabel} ${i + 1}`);
      });
    }
    add.onclick = () => { const e = addItem(); e.child.wrapper.querySelector("input,select,textarea")?.focus(); };
    node.get = () => {
      const out = node.items.map((e) => e.child.get()).filter((v) => v !== undefined &&
        !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0));
      return out.length || required ? out : undefined;
    };
    node.set = (v) => {
      node.items.splice(0).forEach((e) => e.li.remove());
      for (const item of v || []) addItem(item);
    };
    node.itemAt = (i) => node.items[i]?.child;
    return node;
  }

  function build(key, schema, root, required) {
    const { schema: s, optional } = unwrap(schema, root);
    if (s.type === "object" || s.properties) return object(key, s, root, required, optional);
    if (s.type === "array") return array(key, s, root, required);
    return scalar(key, s, required && !optional);
  }

  function create(container, schema) {
    const root = object(null, schema, schema, true, false);
    container.replaceChildren(root.wrapper);
    return root;
  }

  /* Put each server error next to its field; returns how many found a field. */
  function showErrors(root, errors) {
    clearErrors(root);
    let placed = 0;
    for (const err of errors) {
      let node = root;
      for (const part of err.loc || []) {
        const next = node.type === "object" ? node.children[part]
          : node.type === "array" ? node.itemAt(part) : undefined;
        if (!next) break;
        node = next;
      }
      const slot = errorSlot(node.wrapper);
      slot.textContent = slot.textContent ? `${slot.textContent}; ${err.msg}` : err.msg;
      node.wrapper.classList.add("invalid");
      node.input?.setAttribute("aria-invalid", "true");
      if (node !== root) placed++;
    }
    root.wrapper.querySelector(".invalid input, .invalid select, .invalid textarea")?.focus();
    return placed;
  }

  function clearErrors(root) {
    root.wrapper.querySelectorAll(".field-error").forEach((e) => e.remove());
    root.wrapper.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
    root.wrapper.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  }

  function csrf() { return document.querySelector('meta[name="csrf-token"]').content; }

  async function postJSON(url, value) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json",
      Accept: "application/json", "X-CSRFToken": csrf() }, body: JSON.stringify(value) });
  }

  return { create, showErrors, clearErrors, postJSON, csrf, el };
})();
