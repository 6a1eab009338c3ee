// The drawing space on the child's Three Houses pages. No inline script (the Content Security
// Policy forbids it): this file finds each [data-drawing] block, shows it, and keeps the drawing
// as a PNG data URL in the form's hidden "drawing" field. Pointer events cover finger, pen and
// mouse alike. Without JavaScript the block stays hidden and the child can add a photo instead.
(function () {
  "use strict";

  function setUp(block) {
    var form = block.closest("form");
    var canvas = block.querySelector("canvas");
    var field = form && form.querySelector("[data-drawing-value]");
    if (!canvas || !field || !canvas.getContext) {
      return;
    }
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;
    var colour = "#0b0c0c";

    function blank() {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      field.value = "";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    function keep() {
      if (drawn) {
        field.value = canvas.toDataURL("image/png");
      }
    }

    function line(from, to) {
      context.strokeStyle = colour;
      context.lineWidth = 8;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.beginPath();
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
      drawn = true;
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      line(last, { x: last.x + 0.1, y: last.y + 0.1 });
      if (canvas.setPointerCapture) {
        canvas.setPointerCapture(event.pointerId);
      }
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var next = point(event);
      line(last, next);
      last = next;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        if (drawing) {
          drawing = false;
          keep();
        }
      });
    });

    block.querySelectorAll("[data-colour]").forEach(function (button) {
      button.addEventListener("click", function () {
        colour = button.getAttribute("data-colour");
        block.querySelectorAll("[data-colour]").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
      });
    });

    var clear = block.querySelector("[data-drawing-clear]");
    if (clear) {
      clear.addEventListener("click", blank);
    }
    form.addEventListener("submit", keep);

    // A page sent back with a mistake to fix keeps the drawing made before.
    var kept = field.value;
    blank();
    if (kept && kept.indexOf("data:image/png;base64,") === 0) {
      var image = new Image();
      image.onload = function () {
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        drawn = true;
        field.value = kept;
      };
      image.src = kept;
    }
    block.hidden = false;
  }

  document.querySelectorAll("[data-drawing]").forEach(setUp);
})();
