// Times shown in the reader's own time zone, and forms that send dates typed in it say
// how far that zone is from UTC (the server keeps UTC).
(function () {
  var fmt = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"});
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (!isNaN(when)) { el.textContent = fmt.format(when); }
  });
  /* A date kept in UTC, put in a datetime-local field in the reader's own zone (the form
     says that zone in tz_offset; without the script both stay in UTC). */
  document.querySelectorAll("input[data-utc]").forEach(function (el) {
    var when = new Date(el.getAttribute("data-utc"));
    if (isNaN(when)) { return; }
    el.value = new Date(when.getTime() - when.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  });
  document.querySelectorAll("form[data-tz] input[name=tz_offset]").forEach(function (el) {
    el.value = String(new Date().getTimezoneOffset());
  });
  /* A form sent back with a mistake: the focus goes to the first field that needs fixing. */
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) { invalid.focus(); }
})();
