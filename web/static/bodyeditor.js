/* The body of a paper as rich text: a toolbar and a Quill editor over the body's textarea,
 * which stays the form's value. The server reads Markdown (docgen/compose/markup.py), so
 * what the clerk writes here is turned into that Markdown (turndown + its GFM tables) on
 * every change, and a body loaded into the form (a sample, a draft) is read back through
 * markdown-it, the parser the server uses. Without JavaScript, or if a library did not
 * load, the textarea is left as it is.
 *
 * What paste from Word keeps (docs/office.md): headings (Word's Heading 1-3, their
 * numbering "I.", "1." kept as text), bold and italic, bulleted and numbered lists (Word
 * writes them as numbered paragraphs, class MsoListParagraph), tables (one line of text a
 * cell, the first row the header). Fonts, colours, sizes and pictures are dropped. */
"use strict";

(() => {
  const { Quill, TurndownService, turndownPluginGfm, markdownit } = window;
  if (!Quill || !TurndownService || !turndownPluginGfm || !markdownit) return;
  const Delta = Quill.import("delta");

  /* -- Markdown in, Markdown out -------------------------------------------------------- */
  // The server's parser, set up as the server sets it up (markup.py: _parser).
  const md = markdownit("commonmark", { html: false }).enable("table").disable(["image", "reference"]);
  const turndown = new TurndownService({ headingStyle: "atx", bulletListMarker: "-",
                                         emDelimiter: "*", strongDelimiter: "**" });
  turndown.use(turndownPluginGfm.tables);
  // "- item" and "1. item", one space after the marker (turndown pads it to four columns);
  // what an item holds below its first line is indented under its text.
  turndown.addRule("listItem", {
    filter: "li",
    replacement(content, node, options) {
      const list = node.parentNode;
      const marker = list.nodeName === "OL"
        ? `${Number(list.getAttribute("start") || 1) + [...list.children].indexOf(node)}. `
        : `${options.bulletListMarker} `;
      const text = content.replace(/^\n+/, "").replace(/\n+$/, "\n")
        .replace(/\n(?=.)/g, `\n${" ".repeat(marker.length)}`);
      return marker + text + (node.nextSibling && !text.endsWith("\n") ? "\n" : "");
    },
  });
  // A "|" typed in the text must not open a table cell.
  const escape = turndown.escape.bind(turndown);
  turndown.escape = (text) => escape(text).replace(/\|/g, "\\|");

  /* The Markdown of what the editor holds. A table's first row is its header row (the
   * server repeats it on every page), so it is written as one. */
  function toMarkdown(quill) {
    if (quill.getLength() <= 1) return "";
    const doc = new DOMParser().parseFromString(quill.getSemanticHTML(), "text/html");
    // Quill writes spaces as no-break spaces; as plain spaces, a line the clerk began with
    // "1. " or "- " is escaped as text (turndown), not read as a list by the server.
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) walker.currentNode.data = walker.currentNode.data.replace(/\u00a0/g, " ");
    for (const table of doc.querySelectorAll("table")) {
      const first = table.rows[0];
      if (!first || first.parentElement.tagName === "THEAD") continue;
      // A column is centred (right-aligned) when one of its cells is: ":---:" ("---:").
      [...first.cells].forEach((cell, i) => {
        for (const align of ["center", "right"]) {
          if ([...table.rows].some((r) => r.cells[i]?.classList.contains(`ql-align-${align}`))) {
            cell.setAttribute("align", align);
          }
        }
      });
      for (const cell of [...first.cells]) {
        // The header row is bold by itself: no "**" around its words.
        for (const strong of cell.querySelectorAll("strong, b")) strong.replaceWith(...strong.childNodes);
        const th = doc.createElement("th");
        if (cell.hasAttribute("align")) th.setAttribute("align", cell.getAttribute("align"));
        th.append(...cell.childNodes);
        cell.replaceWith(th);
      }
    }
    return turndown.turndown(doc.body)
      // A heading's "1." cannot start a list: no escape needed ("## 1. Mục đích").
      .replace(/^(#{1,6} +)(\d+)\\\./gm, "$1$2.")
      .replace(/\n{3,}/g, "\n\n").trim();
  }

  /* -- paste from Word ------------------------------------------------------------------ */
  /* Word writes a numbered paragraph's number in a span it marks mso-list:Ignore. */
  function numberAsText(doc, p) {
    for (const marker of p.querySelectorAll("[style*=mso-list]")) {
      if (/mso-list:\s*ignore/i.test(marker.getAttribute("style"))) {
        marker.replaceWith(doc.createTextNode(`${marker.textContent.replace(/\s+/g, " ").trim()} `));
      }
    }
    p.setAttribute("style", p.getAttribute("style").replace(/mso-list:[^;]*;?/gi, ""));
  }

  /* Before Quill's own Word clean-up (which makes every numbered paragraph a list item and
   * drops its number), keep as text the numbers a Markdown list would change: a heading's
   * ("I. MỤC ĐÍCH" stays a heading), and those of lists numbered otherwise than "1.", "2."
   * (a), b); I., II.; 1), 2)). Bulleted lists and lists numbered "1." become lists. */
  function keepNumbers(doc) {
    const styles = [...doc.querySelectorAll("style")].map((s) => s.textContent).join("\n");
    for (const p of doc.querySelectorAll("[style*=mso-list]")) {
      const m = /mso-list:\s*l(\d+)\s+level(\d+)/i.exec(p.getAttribute("style"));
      if (!m) continue;
      const def = new RegExp(`@list l${m[1]}:level${m[2]}\\s*\\{([^}]*)\\}`, "i").exec(styles)?.[1] || "";
      const format = /mso-level-number-format:\s*([\w-]+)/i.exec(def)?.[1] || "decimal";
      const text = /mso-level-text:\s*"?([^;"]*)/i.exec(def)?.[1].replace(/\\/g, "");
      const listLike = format === "bullet" || (format === "decimal" && (!text || /^%\d\.$/.test(text)));
      if (/^H[1-6]$/.test(p.tagName) || !listLike) numberAsText(doc, p);
    }
  }

  /* A table's rows in one body: Word writes its repeated header rows in a <thead>, and
   * the blank text between the parts would otherwise end the table after its header. */
  function oneTableBody(doc) {
    for (const table of doc.querySelectorAll("table")) {
      const rows = [...table.rows];
      if (!rows.length) continue;
      const body = doc.createElement("tbody");
      body.append(...rows);
      table.replaceChildren(body);
    }
  }

  const Clipboard = Quill.import("modules/clipboard");
  class WordClipboard extends Clipboard {
    normalizeHTML(doc) {
      keepNumbers(doc);
      oneTableBody(doc);
      super.normalizeHTML(doc); // Quill's own: Word's numbered paragraphs become lists
    }
  }
  Quill.register("modules/clipboard", WordClipboard, true);

  /* A table cell holds one line of text: Word's paragraphs inside a cell are joined, and a
   * header cell (th, which Quill does not know) is a cell like the others. */
  function oneLineCell(node, delta) {
    const out = new Delta();
    let align = node.style.textAlign || node.getAttribute("align");
    for (const op of delta.ops) {
      if (typeof op.insert !== "string") continue;
      const { align: opAlign, ...inline } = op.attributes || {};
      if (opAlign) align = opAlign;
      const line = /^\n+$/.test(op.insert);
      out.insert(op.insert.replace(/\n+/g, " "), line ? undefined : inline);
    }
    const last = out.ops[out.ops.length - 1];
    if (last) last.insert = last.insert.replace(/\s+$/, "");
    // The cell's alignment (its column's, in the paper) stays on its line.
    return out.insert("\n", /^(center|right)$/.test(align || "") ? { align } : undefined);
  }

  /* -- the toolbar ---------------------------------------------------------------------- */
  const el = (tag, attrs = {}, text = "") => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text) e.textContent = text;
    return e;
  };

  /* Buttons named in Vietnamese: what a screen reader says is what the button shows. */
  function toolbar(editorId) {
    const bar = el("div", { class: "rich-toolbar", role: "toolbar", "aria-label": "Định dạng nội dung",
                            "aria-controls": editorId });
    const heading = el("select", { class: "ql-header", "aria-label": "Tiêu đề" });
    heading.append(el("option", { value: "", selected: "" }, "Đoạn văn"),
                   el("option", { value: "1" }, "Tiêu đề mục I."),
                   el("option", { value: "2" }, "Tiêu đề mục 1."),
                   el("option", { value: "3" }, "Tiêu đề điểm a)"));
    const button = (cls, label, text, value) => {
      const b = el("button", { type: "button", class: cls, "aria-label": label }, text);
      if (value) b.value = value;
      return b;
    };
    const format = el("span", { class: "rich-group" });
    format.append(heading, button("ql-bold", "Đậm", "Đậm"), button("ql-italic", "Nghiêng", "Nghiêng"));
    const lists = el("span", { class: "rich-group" });
    lists.append(button("ql-list", "Danh sách", "Danh sách", "bullet"),
                 button("ql-list", "Danh sách số", "Danh sách số", "ordered"),
                 button("ql-indent", "Lùi ra", "Lùi ra", "-1"),
                 button("ql-indent", "Lùi vào", "Lùi vào", "+1"));
    const table = el("span", { class: "rich-group" });
    table.append(button("rich-table", "Bảng", "Bảng"));
    const inTable = el("span", { class: "rich-group rich-table-tools" });
    for (const [action, label] of [["insertRowBelow", "Thêm dòng"], ["insertColumnRight", "Thêm cột"],
                                   ["deleteRow", "Xóa dòng"], ["deleteColumn", "Xóa cột"],
                                   ["deleteTable", "Xóa bảng"]]) {
      const b = button("rich-table-action", label, label);
      b.dataset.action = action;
      b.disabled = true;
      inTable.append(b);
    }
    const source = button("rich-source", "Markdown: xem dạng văn bản thuần", "Markdown");
    source.setAttribute("aria-pressed", "false");
    bar.append(format, lists, table, inTable, source);
    return bar;
  }

  /* Arrow keys move along the toolbar, as in any toolbar (Tab still reaches each control). */
  function arrowKeys(bar) {
    bar.addEventListener("keydown", (event) => {
      if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
      if (event.target.tagName === "SELECT") return;
      const items = [...bar.querySelectorAll("button:not(:disabled), select")];
      const i = items.indexOf(event.target);
      if (i < 0) return;
      const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: items.length - 1 }[event.key];
      items[(next + items.length) % items.length].focus();
      event.preventDefault();
    });
  }

  /* Tab moves to the next cell of a table (Shift+Tab to the one before); from its last
   * cell, or before its first, the focus leaves the editor as it would anywhere else. */
  function tableTab(range, context) {
    const at = context.line.offset(this.quill.scroll);
    const to = context.event.shiftKey ? at - 1 : at + context.line.length();
    const [line] = to >= 0 ? this.quill.getLine(to) : [null];
    if (!line || line.statics.blotName !== "table") return true;
    this.quill.setSelection(to, Quill.sources.USER);
    return false;
  }

  /* A table goes on a line of its own: the text around the cursor stays a paragraph. */
  function insertTable(quill, table) {
    const range = quill.getSelection(true);
    if (quill.getFormat(range).table) return;
    const [line] = quill.getLine(range.index);
    if (line && line.length() > 1) {
      const end = line.offset(quill.scroll) + line.length() - 1;
      quill.insertText(end, "\n", quill.getFormat(end, 0), Quill.sources.USER);
      quill.formatLine(end + 1, 1, { header: false, list: false, indent: false }, Quill.sources.USER);
      quill.setSelection(end + 1, 0, Quill.sources.SILENT);
    }
    table.insertTable(3, 3);
  }

  /* -- one editor over one textarea ----------------------------------------------------- */
  let uid = 0;
  function enhance(textarea) {
    if (textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = "1";
    const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
    if (label && !label.id) label.id = `${textarea.id || `rt${++uid}`}-label`;
    const editorId = `${textarea.id || `rt${++uid}`}-rich`;
    const box = el("div", { class: "rich-text" });
    const area = el("div", { class: "rich-area" });
    const bar = toolbar(editorId);
    const note = el("p", { class: "muted rich-note" },
      "Dòng đầu của bảng là dòng tiêu đề, được nhắc lại ở đầu mỗi trang. Văn bản tự kết thúc bằng “./.”.");
    box.append(bar, area, note);
    textarea.before(box);
    textarea.hidden = true;
    textarea.classList.add("rich-source-text");

    const quill = new Quill(area, {
      // What the body's Markdown can say, nothing more: pasted fonts, colours, sizes,
      // links and pictures are dropped. (Alignment is kept for table columns only.)
      formats: ["bold", "italic", "header", "list", "indent", "align", "table", "table-row",
                "table-body", "table-container"],
      modules: {
        table: true,
        toolbar: { container: bar },
        // Pictures have no place in the body: a dropped or pasted image file is ignored.
        uploader: { mimetypes: [] },
        // Tab leaves the editor, as it leaves any box of the form (no keyboard trap); lists
        // are indented with the toolbar's buttons.
        keyboard: { bindings: { tab: false, indent: false, outdent: false, "remove tab": false,
                                "indent code-block": false, "outdent code-block": false,
                                // "1. " typed at the start of a line stays text: papers
                                // number their parts by hand ("1. Mục đích").
                                "list autofill": false,
                                "table tab": { key: "Tab", shiftKey: null, format: ["table"],
                                               handler: tableTab } } },
      },
      placeholder: textarea.placeholder || "",
    });
    quill.clipboard.addMatcher("td, th", oneLineCell);
    const root = quill.root;
    root.id = editorId;
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    if (label) root.setAttribute("aria-labelledby", label.id);
    else root.setAttribute("aria-label", "Nội dung");
    // The form's error list and its field links go to the editor (schemaform.js).
    textarea.docgenFocus = root;
    new MutationObserver(() => {
      for (const name of ["aria-invalid", "aria-describedby"]) {
        const v = textarea.getAttribute(name);
        if (v === null) root.removeAttribute(name); else root.setAttribute(name, v);
      }
      box.classList.toggle("invalid", textarea.getAttribute("aria-invalid") === "true");
    }).observe(textarea, { attributes: true, attributeFilter: ["aria-invalid", "aria-describedby"] });

    /* The textarea's Markdown into the editor, without telling the form (nothing changed). */
    function load() {
      quill.setContents(quill.clipboard.convert({ html: md.render(textarea.value || "") }), Quill.sources.SILENT);
      quill.history.clear();
    }
    load();
    // schemaform.js set the value (a sample, a draft, a new paper).
    textarea.addEventListener("docgen:set", load);
    // The clerk typed in the Markdown box.
    textarea.addEventListener("input", (event) => { if (event.isTrusted) load(); });

    const tableTools = [...bar.querySelectorAll(".rich-table-action")];
    const tableGroup = bar.querySelector(".rich-table-tools");
    tableGroup.hidden = true;
    const tableModule = quill.getModule("table");
    quill.on(Quill.events.EDITOR_CHANGE, () => {
      const range = quill.getSelection();
      const inTable = !!(range && quill.getFormat(range).table);
      // The table's own buttons show while the cursor is in a table.
      for (const b of tableTools) b.disabled = !inTable;
      tableGroup.hidden = !inTable;
    });
    quill.on(Quill.events.TEXT_CHANGE, (_delta, _old, source) => {
      if (source === Quill.sources.SILENT) return;
      textarea.value = toMarkdown(quill);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    });

    bar.querySelector(".rich-table").addEventListener("click", () => insertTable(quill, tableModule));
    for (const b of tableTools) {
      b.addEventListener("click", () => {
        quill.focus();
        tableModule[b.dataset.action]();
        // The cursor goes to the row or column just added, ready to type in.
        const [, row, cell] = tableModule.getTable();
        const next = b.dataset.action === "insertRowBelow" ? row?.next?.children.head
          : b.dataset.action === "insertColumnRight" ? cell?.next : null;
        if (next) quill.setSelection(next.offset(quill.scroll), 0, Quill.sources.USER);
      });
    }
    const source = bar.querySelector(".rich-source");
    if (textarea.id) source.setAttribute("aria-controls", textarea.id);
    source.addEventListener("click", () => {
      const show = textarea.hidden;
      textarea.hidden = !show;
      source.setAttribute("aria-pressed", String(show));
    });
    arrowKeys(bar);
  }

  /* Bodies are drawn by schemaform.js when the form is built, and again for a new paper. */
  const SELECTOR = "textarea[data-editor=markdown]";
  const scan = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) enhance(node);
    node.querySelectorAll(SELECTOR).forEach(enhance);
  };
  scan(document.body);
  new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach(scan);
  }).observe(document.body, { childList: true, subtree: true });
})();
