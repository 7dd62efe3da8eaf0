// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initCheckDone } from "./check-done.js";
import { initPdfReady } from "./pdf-ready.js";
import { initPlainLanguage } from "./plain-language.js";
import { initSessionTimeout, restoreTypedForm } from "./session.js";

initAll();
restoreTypedForm();
initPlainLanguage();
initSessionTimeout();
initPdfReady();
initCheckDone();
