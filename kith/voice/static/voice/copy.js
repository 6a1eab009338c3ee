// "Copy the link" beside a child's new link. No inline script (strict CSP). Without JavaScript,
// or without the clipboard, the button stays hidden and the link can be selected and copied.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    field.addEventListener("focus", function () {
      field.select();
    });
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = "Link copied";
        }
      });
    });
  });
})();
