// On the "being prepared" page, ask every few seconds whether the PDF is ready, and say so
// when it is, or when no worker has started it after a minute. Without JavaScript the button
// simply asks again.
const EVERY_MS = 2000;

export function initPdfReady() {
  const box = document.querySelector("[data-pdf-check-url]");
  if (!box) return;
  const status = box.querySelector("[data-pdf-status]");
  const button = box.querySelector("[data-pdf-download]");
  const waitedTooLong = box.querySelector("[data-pdf-waited-too-long]");
  button.hidden = true;

  async function check() {
    try {
      const response = await fetch(box.dataset.pdfCheckUrl, { credentials: "same-origin" });
      const answer = response.ok ? await response.json() : {};
      if (answer.ready) {
        status.textContent = "Your PDF is ready.";
        waitedTooLong.hidden = true;
        button.hidden = false;
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
