// Start GOV.UK Frontend's components (no inline script: the Content Security Policy forbids it).
import { initAll } from "/static/govuk-frontend.min.js";
initAll();
