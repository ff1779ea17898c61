/* A form that cannot be undone (issue, revoke, disable an account, revoke a token) carries
 * its question in data-confirm: it is sent only once the person has said yes. The server
 * checks each step again; this only keeps a slip of the mouse from becoming an act. */
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
