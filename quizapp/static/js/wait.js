// A slowed-down sign-in or sign-up: count down the wait and turn the button back on when
// it is over (the page works without this file; the server says again if it is early).
(function () {
  "use strict";
  var notice = document.querySelector(".wait-notice");
  if (!notice) { return; }
  var left = parseInt(notice.getAttribute("data-retry-after"), 10) || 0;
  var form = notice.parentNode.querySelector("form");
  var button = form && form.querySelector("button[type=submit]");
  var countdown = notice.querySelector(".wait-countdown");
  var label = button ? button.textContent : "";
  function tick() {
    if (left <= 0) {
      if (button) { button.disabled = false; button.textContent = label; }
      if (countdown) { countdown.textContent = " (now)"; }
      return;
    }
    if (button) { button.disabled = true; button.textContent = label + " (" + left + " s)"; }
    if (countdown) { countdown.textContent = " (in " + left + " s)"; }
    left -= 1;
    window.setTimeout(tick, 1000);
  }
  tick();
}());
