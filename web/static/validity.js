/* The browser's own message for an empty required box follows the browser's language
 * ("Please fill out this field." in an English Chromium): every page says it in
 * Vietnamese instead. The server checks each field again and names it; this only keeps the
 * first word a clerk reads in their language. */
"use strict";

const EMPTY = "Cần điền mục này.";
const TOO_LONG = (n) => `Dài quá ${n} ký tự.`;

document.addEventListener("invalid", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement ||
        field instanceof HTMLSelectElement)) return;
  if (field.validity.valueMissing) field.setCustomValidity(EMPTY);
  else if (field.validity.tooLong) field.setCustomValidity(TOO_LONG(field.maxLength));
}, true);

// A custom message stays until cleared: clear it as soon as the box changes, so the
// browser judges the new value afresh.
for (const type of ["input", "change"]) {
  document.addEventListener(type, (event) => {
    const field = event.target;
    if (typeof field.setCustomValidity === "function") field.setCustomValidity("");
  }, true);
}
