// A "Copy" button after each value of the bank transfer details. Without this script the
// values are still there to select by hand; the button only saves a long press.
(function () {
  "use strict";
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers, or plain http: select a hidden field and copy it.
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "copy-scratch";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(field);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.querySelectorAll("[data-copy-list]").forEach(function (list) {
    var label = list.getAttribute("data-copy-label");
    var copied = list.getAttribute("data-copied-label");
    list.querySelectorAll("[data-copy]").forEach(function (value) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small copy-btn";
      button.textContent = label;
      button.setAttribute("aria-label", label + ": " + value.getAttribute("data-copy-name"));
      button.addEventListener("click", function () {
        copy(value.getAttribute("data-copy")).then(function () {
          button.textContent = copied;
          setTimeout(function () { button.textContent = label; }, 2000);
        }, function () {
          // Copy refused: select the text so a long press copies it.
          var range = document.createRange();
          range.selectNodeContents(value);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        });
      });
      value.parentNode.appendChild(button);
    });
  });
})();
