/* File boxes in the page's language: a browser draws its own file box with a button in its
 * own language ("Choose File") and, hidden off-screen, it still takes the focus. Every
 * `<input type="file" data-picker="Chọn tệp…">` is hidden behind a real button and the name
 * of the chosen file; without this script the plain file box still works. */
"use strict";

for (const input of document.querySelectorAll("input[type=file][data-picker]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "file-pick";
  button.textContent = input.dataset.picker;
  input.hidden = true;
  input.after(button);
  button.addEventListener("click", () => input.click());
  // A labelled file field keeps a file for a later step: the button is named by the
  // label and the chosen file's name shows beside it. An unlabelled one (Mở nháp) acts at
  // once and needs neither.
  const label = input.labels && input.labels[0];
  if (!label) continue;
  const chosen = document.createElement("span");
  chosen.className = "file-chosen";
  chosen.id = `${input.id}-chosen`;
  chosen.textContent = "chưa chọn tệp";
  label.id = label.id || `${input.id}-label`;
  button.id = `${input.id}-button`;
  button.setAttribute("aria-labelledby", `${label.id} ${button.id} ${chosen.id}`);
  label.addEventListener("click", (event) => { event.preventDefault(); button.focus(); });
  button.after(" ", chosen);
  input.addEventListener("change", () => {
    chosen.textContent = input.files.length ? input.files[0].name : "chưa chọn tệp";
  });
}
