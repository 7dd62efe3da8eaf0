// Two things that stop a timeout costing anyone their work.
//
// 1. A warning before the idle timeout (the body's data-session-timeout and
//    data-session-warning, in seconds), with a button that keeps the session alive.
// 2. After signing in again, the form that was posted once the session had ended is filled
//    in with what was typed (the server hands it back as the "sos-restored-form" JSON).

function minutesAndSeconds(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} second${rest === 1 ? "" : "s"}`;
  if (rest === 0) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${minutes} minute${minutes === 1 ? "" : "s"} ${rest} second${rest === 1 ? "" : "s"}`;
}

export function initSessionTimeout() {
  const timeout = Number(document.body.dataset.sessionTimeout);
  const warning = Number(document.body.dataset.sessionWarning);
  const dialog = document.getElementById("session-timeout");
  if (!timeout || !dialog || typeof dialog.showModal !== "function") return;

  const warningPart = dialog.querySelector('[data-session-state="warning"]');
  const endedPart = dialog.querySelector('[data-session-state="ended"]');
  const countdown = dialog.querySelector("[data-session-countdown]");
  const extendForm = dialog.querySelector("[data-session-extend]");
  let deadline = 0;
  let timer = null;

  function showEnded() {
    clearInterval(timer);
    warningPart.hidden = true;
    endedPart.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-title");
    dialog.setAttribute("aria-describedby", "session-ended-text");
    if (!dialog.open) dialog.showModal();
    endedPart.querySelector("button").focus();
  }

  function tick() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left === 0) {
      showEnded();
      return;
    }
    if (left <= warning) {
      countdown.textContent = minutesAndSeconds(left);
      if (!dialog.open) dialog.showModal();
    }
  }

  function restart() {
    deadline = Date.now() + timeout * 1000;
    clearInterval(timer);
    timer = setInterval(tick, 1000);
  }

  extendForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(extendForm.action, {
      method: "POST",
      body: new FormData(extendForm),
      credentials: "same-origin",
    });
    if (response.status === 204) {
      dialog.close();
      restart();
    } else {
      showEnded();
    }
  });
  endedPart.querySelector("[data-session-close]").addEventListener("click", () => dialog.close());
  // Any other request to the server (the plain-language check, say) also moves the timeout on.
  document.addEventListener("sos:server-contacted", restart);
  restart();
}

export function restoreTypedForm() {
  const data = document.getElementById("sos-restored-form");
  if (!data) return;
  const fields = JSON.parse(data.textContent);
  const form = document.querySelector("main form[method='post']:not([data-session-extend])");
  if (!form) return;
  for (const { name, values } of fields) {
    const elements = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    elements.forEach((element, index) => {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) option.selected = values.includes(option.value);
      } else if (element.type !== "file" && index < values.length) {
        element.value = values[index];
      }
    });
  }
}
