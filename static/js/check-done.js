// On a census check's page while it runs, ask every few seconds whether the check has
// finished, and show its results when it has. Without JavaScript the link asks again.
const EVERY_MS = 3000;

export function initCheckDone() {
  const box = document.querySelector("[data-check-url]");
  if (!box) return;
  const waitedTooLong = box.querySelector("[data-check-waited-too-long]");
  box.querySelector("[data-check-look-again]").hidden = true;

  async function check() {
    try {
      const response = await fetch(box.dataset.checkUrl, { credentials: "same-origin" });
      const answer = response.ok ? await response.json() : {};
      if (answer.finished) {
        window.location.reload();
        return;
      }
      waitedTooLong.hidden = !answer.waited_too_long;
    } catch {
      // Offline for a moment: try again.
    }
    setTimeout(check, EVERY_MS);
  }
  setTimeout(check, EVERY_MS);
}
