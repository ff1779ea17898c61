/* Rows copied from a spreadsheet (Excel, LibreOffice: one row a line, cells separated by
 * tabs) as lists of cells in the given columns: a heading row (a first or second cell that
 * is one of the column names) and a leading STT column are left out. Shared by the form
 * pages' lists (schemaform.js) and a round's nominations and council (rounds.js). */
"use strict";

const Paste = (() => {
  function rows(text, heads) {
    const heading = heads.map((h) => h.toLocaleLowerCase("vi"));
    const isHead = (c) => heading.includes((c || "").toLocaleLowerCase("vi"));
    return text.split(/\r?\n/).filter((line) => line.trim())
      .map((line) => line.split("\t").map((c) => c.trim()))
      .filter((cells) => !isHead(cells[0]) && !isHead(cells[1]))
      .map((cells) => (cells.length > heads.length && /^\d+\.?$/.test(cells[0])
        ? cells.slice(1) : cells));
  }
  return { rows };
})();
