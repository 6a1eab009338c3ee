// Runs before the page paints: mark the body so GOV.UK Frontend's JavaScript styles apply.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
