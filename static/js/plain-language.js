// Checks free text for jargon as the worker types. Progressive enhancement: the same check
// runs on save, and the page works without this script.
const DELAY_MS = 600;

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function adviceBox(field) {
  let box = field.parentElement.querySelector(".sos-plain-language--live");
  if (!box) {
    box = document.createElement("div");
    box.className = "sos-plain-language sos-plain-language--live";
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    field.insertAdjacentElement("afterend", box);
  }
  return box;
}

function show(box, matches) {
  box.replaceChildren();
  if (matches.length === 0) {
    box.hidden = true;
    return;
  }
  const intro = document.createElement("p");
  intro.className = "govuk-body-s govuk-!-margin-bottom-1";
  const strong = document.createElement("strong");
  strong.textContent = "Plain words:";
  intro.append(strong, " the family may not understand these.");
  const list = document.createElement("ul");
  list.className = "govuk-list govuk-list--bullet govuk-body-s";
  for (const match of matches) {
    const item = document.createElement("li");
    // textContent, never innerHTML: the text comes from what the worker typed.
    item.textContent = `“${match.found}”: ${match.suggestion}`;
    list.append(item);
  }
  box.append(intro, list);
  box.hidden = false;
}

function watch(field, url) {
  let timer;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const body = new URLSearchParams({ text: field.value });
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": csrfToken(field.form) },
          credentials: "same-origin",
        });
        if (response.ok) {
          // The server moved the idle timeout on; so does the warning (session.js).
          document.dispatchEvent(new Event("sos:server-contacted"));
          show(adviceBox(field), (await response.json()).matches);
        }
      } catch {
        // Offline or signed out: the check on save still runs.
      }
    }, DELAY_MS);
  });
}

export function initPlainLanguage() {
  const url = document.body.dataset.plainLanguageUrl;
  if (!url) return;
  for (const field of document.querySelectorAll("[data-plain-language]")) {
    if (field.form) watch(field, url);
  }
}
