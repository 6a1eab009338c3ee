// Start GOV.UK Frontend's components (no inline script: the Content Security Policy forbids it).
import { initAll } from "/static/govuk-frontend.min.js";
initAll();

// Content htmx swaps in (a form with its errors, a list after an edit) gets its components
// started too. An error summary or success banner then takes focus, as on a full page load.
document.addEventListener("htmx:afterSettle", (event) => {
  const scope = event.detail && event.detail.elt;
  if (scope instanceof Element) {
    initAll({ scope });
  }
});
