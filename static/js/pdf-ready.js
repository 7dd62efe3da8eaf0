// On the "being prepared" page, ask every few seconds whether the PDF is ready, and say so
// when it is. Without JavaScript the button simply asks again.
const EVERY_MS = 2000;

export function initPdfReady() {
  const box = document.querySelector("[data-pdf-check-url]");
  if (!box) return;
  const status = box.querySelector("[data-pdf-status]");
  const button = box.querySelector("[data-pdf-download]");
  button.hidden = true;

  async function check() {
    try {
      const response = await fetch(box.dataset.pdfCheckUrl, { credentials: "same-origin" });
      if (response.ok && (await response.json()).ready) {
        status.textContent = "Your PDF is ready.";
        button.hidden = false;
        return;
      }
    } catch {
      // Offline for a moment: try again.
    }
    setTimeout(check, EVERY_MS);
  }
  setTimeout(check, EVERY_MS);
}
