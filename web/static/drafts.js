/* Unsaved work kept in this browser (localStorage) belongs to the person signed in: it is
 * stored under their login, removed when they sign out, and a page of a signed-in person
 * removes what anyone else left (a session that ended without "Đăng xuất", a draft kept
 * before drafts were per person). So the next person at this browser, even a clerk of
 * another agency, is never offered someone else's draft. */
"use strict";

const Drafts = (() => {
  const PREFIX = "docgen-draft:";
  const user = document.querySelector('meta[name="docgen-user"]')?.content || "";
  const mine = `${PREFIX}${user}:`;

  /* Every docgen key but the signed-in person's (all of them when `all`). */
  function purge(all) {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k && k.startsWith("docgen-") && (all || !user || !k.startsWith(mine))) {
        localStorage.removeItem(k);
      }
    }
  }

  if (user) purge(false);
  document.querySelector("header.site form.who")?.addEventListener("submit", () => purge(true));

  return {
    /* The draft `name` ("award-decision", "batch-meta") as saved, or null. */
    get(name) {
      if (!user) return null;
      const text = localStorage.getItem(mine + name);
      if (!text) return null;
      try { return JSON.parse(text); } catch (e) { localStorage.removeItem(mine + name); return null; }
    },
    set(name, value) { if (user) localStorage.setItem(mine + name, JSON.stringify(value)); },
    remove(name) { localStorage.removeItem(mine + name); },
  };
})();
