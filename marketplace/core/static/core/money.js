/* The amount as read, under every money field ("= 85.000 ₫"), while the person types.
   Same rules as marketplace/core/money.py (parse_vnd); the server's reading counts:
   this only shows it early. Without this file the server writes it on each display. */
(function () {
  "use strict";
  var MAX = 1e9, LOW = 1000;
  var WORDS = { k: 1e3, nghin: 1e3, ngan: 1e3, tr: 1e6, trieu: 1e6, m: 1e6, ty: 1e9, ti: 1e9 };
  var GROUPED = /^[0-9]{1,3}([.,][0-9]{3})+$/;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/[\s\u00a0\u202f]/g, "");
  }
  function plain(text) {
    if (/^[0-9]+$/.test(text)) return Number(text);
    if (GROUPED.test(text)) {
      return text.indexOf(".") >= 0 && text.indexOf(",") >= 0 ? null : Number(text.replace(/[.,]/g, ""));
    }
    var at = Math.max(text.lastIndexOf("."), text.lastIndexOf(","));
    var whole = text.slice(0, at), sep = text.charAt(at), decimals = text.slice(at + 1);
    if (at > 0 && /^0{1,2}$/.test(decimals) &&
        (/^[0-9]+$/.test(whole) || (GROUPED.test(whole) && whole.indexOf(sep) < 0))) {
      return plain(whole);
    }
    return null;
  }
  function scaled(number, multiplier, tail) {
    if (!tail && GROUPED.test(number)) { var p = plain(number); return p === null ? null : p * multiplier; }
    if (tail) { if (!/^[0-9]+$/.test(number)) return null; number = number + "." + tail; }
    number = number.replace(",", ".");
    if (!/^[0-9]+(\.[0-9]+)?$/.test(number)) return null;
    var parts = number.split("."), decimals = parts[1] || "";
    var value = Number(parts[0] + decimals) * multiplier / Math.pow(10, decimals.length);
    return Number.isInteger(value) ? value : null;
  }
  function parse(text) {
    var cleaned = fold(text).replace(/^\+/, "").replace(/(vnd|dong|d|₫)$/, "");
    var match = /^([0-9.,]+)([a-z]*)([0-9]*)$/.exec(cleaned);
    if (!match || !/[0-9]/.test(match[1])) return null;
    var value = match[2] ? (WORDS.hasOwnProperty(match[2]) ? scaled(match[1], WORDS[match[2]], match[3]) : null)
      : (match[3] ? null : plain(match[1]));
    return value === null || value < 0 || value > MAX ? null : value;
  }
  function format(amount, language) {
    var digits = String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return language.indexOf("vi") === 0 ? digits.replace(/,/g, ".") + " ₫" : "₫" + digits;
  }
  function update(input) {
    var output = document.getElementById(input.getAttribute("data-money-preview"));
    var low = document.getElementById(input.getAttribute("data-money-low"));
    var amount = input.value.trim() ? parse(input.value) : null;
    if (output) output.textContent = amount === null ? "" : "= " + format(amount, input.getAttribute("data-money"));
    if (low) low.hidden = !(amount !== null && amount < LOW);
  }
  var inputs = document.querySelectorAll("input[data-money]");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", function (event) { update(event.target); });
  }
})();
