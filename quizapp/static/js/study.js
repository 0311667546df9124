// Study page keyboard shortcuts (the page works without this file: plain forms).
// Prompt: Space shows the answer (also from an empty answer box), letters pick options,
// Enter checks.
// Answer: 1-4 rate Again / Hard / Good / Easy.
(function () {
  "use strict";
  var card = document.querySelector(".study-card");
  if (!card) { return; }
  var stage = card.getAttribute("data-stage");

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && target.type === "text"));
  }

  if (stage === "prompt") {
    var input = document.getElementById("answer");
    var prompt = document.getElementById("study-prompt");
    if (input) { input.focus(); } else if (prompt) { prompt.focus(); }
  } else if (stage === "answer") {
    var answer = document.getElementById("study-answer");
    if (answer) { answer.focus(); }
  }

  var submitted = false;
  function press(button) {
    if (!button || submitted) { return; }
    submitted = true;  // one submission per card, even with a double key press
    button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    // Only letters and digits name options and ratings (and are safe in a selector).
    var simple = /^[a-z0-9]$/i.test(key);
    if (stage === "prompt") {
      // Space reveals, also from the (still empty) answer box: no answer starts with a space.
      var emptyBox = typing(event.target) && event.target.value.trim() === "";
      var control = event.target && (event.target.tagName === "BUTTON" ||
          (event.target.tagName === "INPUT" && /^(checkbox|radio)$/.test(event.target.type)));
      if (key === " " && (emptyBox || !typing(event.target)) && !control) {
        event.preventDefault();
        press(document.getElementById("reveal"));
        return;
      }
      if (typing(event.target)) { return; }
      var option = simple && card.querySelector('input[data-key="' + key.toLowerCase() + '"]');
      if (option) {
        event.preventDefault();
        option.checked = option.type === "checkbox" ? !option.checked : true;
        return;
      }
      if (key === "Enter" && card.querySelector("input[name=choice]:checked")) {
        event.preventDefault();
        press(card.querySelector('button[value="check"]'));
      }
    } else if (stage === "answer") {
      var rating = simple && card.querySelector('button[data-key="' + key + '"]');
      if (rating) {
        event.preventDefault();
        press(rating);
      }
    }
  });
})();
