/* Quiz niceties (the pages work without this): number keys pick options, Enter submits
   or goes on, focus lands on the answer, and a countdown hands the answer in at time-up.
   The server stays the authority on time: it refuses late answers. */
(function () {
  "use strict";

  function isTyping(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
      (el.tagName === "INPUT" && !["radio", "checkbox"].includes(el.type)));
  }

  function isActionable(el) {
    return el && (el.tagName === "BUTTON" || el.tagName === "A" || el.tagName === "SUMMARY");
  }

  function formState(form) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=answer], input[name=flag]"),
      function (el) { return el.type === "radio" || el.type === "checkbox" ? el.checked : el.value; }
    ).join("|");
  }

  /* Exam: a navigator box clicked with a changed answer saves it on the way there. */
  function setUpNavigator(form) {
    var saved = formState(form);
    document.querySelectorAll(".quiz-nav a[data-number]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (formState(form) === saved) { return; }
        event.preventDefault();
        var go = document.createElement("input");
        go.type = "hidden";
        go.name = "goto";
        go.value = link.getAttribute("data-number");
        form.appendChild(go);
        form.submit();  /* no "required" check: a blank answer just moves on */
      });
    });
  }

  function setUpQuestion(form) {
    var options = Array.prototype.slice.call(form.querySelectorAll(".quiz-option input"));
    var picked = options.filter(function (el) { return el.checked; })[0];
    var first = picked || options[0] || form.querySelector(".answer-input");
    if (first && document.activeElement !== first) { first.focus(); }
    if (form.querySelector("input[name=flag_shown]")) { setUpNavigator(form); }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var target = event.target;
      if (/^[1-9]$/.test(event.key) && !isTyping(target) && options.length) {
        var option = options[Number(event.key) - 1];
        if (!option) { return; }
        event.preventDefault();
        option.checked = option.type === "checkbox" ? !option.checked : true;
        option.focus();
      } else if (event.key === "Enter" && !isActionable(target) && target.tagName !== "TEXTAREA") {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  }

  function setUpFeedback(next) {
    next.focus();
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (isActionable(event.target) || isTyping(event.target)) { return; }
      event.preventDefault();
      window.location.assign(next.href);
    });
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function setUpTimer(timer, form) {
    var value = timer.querySelector(".timer-value");
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    timer.appendChild(live);
    var end = Date.now() + Number(timer.getAttribute("data-remaining")) * 1000;
    var handedIn = false;
    var warned = {};
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      value.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
      timer.classList.toggle("timer-low", left <= 60);
      [60, 10].forEach(function (mark) {
        if (left <= mark && left > 0 && !warned[mark]) {
          warned[mark] = true;
          live.textContent = mark === 60 ? "One minute left." : "Ten seconds left.";
        }
      });
      if (end - Date.now() <= 0 && !handedIn) {
        handedIn = true;
        live.textContent = "Time is up. Handing in your answer.";
        if (form) {
          var flag = document.createElement("input");
          flag.type = "hidden";
          flag.name = "time_up";
          flag.value = "1";
          form.appendChild(flag);
          form.submit();  /* skips the "required" check: a blank answer just ends the quiz */
        } else {
          window.location.reload();
        }
        return;
      }
      if (!handedIn) { window.setTimeout(tick, 250); }
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-quiz-form]");
    if (form) { setUpQuestion(form); }
    var next = document.querySelector("[data-next]");
    if (next) { setUpFeedback(next); }
    var timer = document.querySelector(".timer[data-remaining]");
    if (timer) { setUpTimer(timer, form); }
  });
}());
