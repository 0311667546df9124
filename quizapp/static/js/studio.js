/* The studio's niceties (every page works without this): show only the fields a question
   type uses, check a question with the server's validator as it is filled in, warn before
   leaving unsaved changes, drag questions into a new order, follow a generation job, and
   point from a draft to its sentence in the article. */
(function () {
  "use strict";

  function csrf(form) {
    var input = (form || document).querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // Fields by question type.
  function setUpTypes(form) {
    var select = form.querySelector("[data-question-type]");
    if (!select) { return; }
    function show() {
      form.querySelectorAll("[data-for]").forEach(function (el) {
        var types = el.getAttribute("data-for").split(" ");
        el.hidden = types.indexOf(select.value) < 0;
      });
      form.querySelectorAll(".choice-row input[type=checkbox]").forEach(function (box) {
        box.setAttribute("data-single", select.value === "mcq" ? "1" : "0");
      });
    }
    select.addEventListener("change", show);
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type === "checkbox" && box.getAttribute("data-single") === "1" && box.checked) {
        form.querySelectorAll(".choice-row input[type=checkbox]").forEach(function (other) {
          if (other !== box) { other.checked = false; }
        });
      }
    });
    show();
  }

  // Live validation: the same validator as a save, asked as the teacher types.
  function setUpCheck(form) {
    var url = form.getAttribute("data-check-url");
    if (!url) { return; }
    var timer = null;
    function check() {
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          form.querySelectorAll("[data-error-for]").forEach(function (el) {
            var name = el.getAttribute("data-error-for");
            var message = data.errors[name];
            el.textContent = message || "";
            el.hidden = !message;
            var box = el.closest(".field");
            if (box) { box.classList.toggle("field-invalid", !!message); }
          });
        })
        .catch(function () { /* offline: the save will say */ });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 500); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(check, 150); });
  }

  // Unsaved changes.
  function setUpWarn(form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  // Drag and drop reorder (the ↑ ↓ buttons do the same without a mouse).
  function setUpReorder(list) {
    var url = list.getAttribute("data-reorder-url");
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (dragged) { dragged.classList.add("dragging"); event.dataTransfer.effectAllowed = "move"; }
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var over = event.target.closest("li");
      if (!over || over === dragged) { return; }
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged = null;
      var body = new URLSearchParams();
      body.append("csrf_token", csrf(document));
      list.querySelectorAll("li[data-qid]").forEach(function (li) {
        body.append("order", li.getAttribute("data-qid"));
      });
      fetch(url, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { window.location.reload(); }
      });
    });
  }

  // A generation job's progress.
  function setUpJob(box) {
    var url = box.getAttribute("data-job-url");
    var bar = box.querySelector("[data-job-progress]");
    var message = box.querySelector("[data-job-message]");
    var error = box.querySelector("[data-job-error]");
    var next = box.querySelector("[data-job-next]");
    function poll() {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          bar.value = data.progress;
          bar.textContent = data.progress + "%";
          if (data.message) { message.textContent = data.message; }
          if (data.state === "failed") {
            error.textContent = data.error || "Generation failed.";
            error.hidden = false;
            document.querySelector("h1").textContent = "Generation failed";
            return;
          }
          if (data.state === "done" && data.next) {
            next.hidden = false;
            next.querySelector("a").href = data.next;
            window.location.assign(data.next);
            return;
          }
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    if (!next || next.hidden) { setTimeout(poll, 700); }
  }

  // From a draft to its sentence.
  function setUpSources() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-show-source]");
      if (!link) { return; }
      var qid = link.getAttribute("data-show-source");
      var mark = document.querySelector("mark[data-qids~='" + qid.replace(/'/g, "") + "']");
      if (!mark) { return; }
      event.preventDefault();
      document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
      mark.classList.add("current");
      mark.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      setUpTypes(form);
      setUpCheck(form);
      if (form.hasAttribute("data-warn-unsaved")) { setUpWarn(form); }
    });
    document.querySelectorAll("[data-reorder-url]").forEach(setUpReorder);
    document.querySelectorAll("[data-job-url]").forEach(setUpJob);
    setUpSources();
  });
})();
