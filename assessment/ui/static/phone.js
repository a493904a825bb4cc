// GapMap's workshop phone page (assessment/ui/phone.py): saves each answer as it is
// tapped and follows the facilitator with a long poll. Without this script the page
// still works: its Save button posts the form.
//
// An answer is marked saved only when the server replied that it is stored (the reply
// comes after the commit). A tap that cannot reach the server is sent again until it
// can, so a phone keeps its answers through a server restart or a dead spot in the room.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var part = document.getElementById("part");
  if (!part) return;
  var base = part.getAttribute("data-base");
  var lang = part.getAttribute("data-lang");
  var version = part.getAttribute("data-version");
  var words = {
    saving: part.getAttribute("data-saving"),
    saved: part.getAttribute("data-saved"),
    failed: part.getAttribute("data-failed"),
    retrying: part.getAttribute("data-retrying"),
    count: part.getAttribute("data-count")
  };
  var stored = {};
  try {
    stored = JSON.parse(document.getElementById("answers").textContent || "{}");
  } catch (e) {
    stored = {};
  }
  var wanted = {}; // item -> the value last tapped and not yet confirmed
  var sending = {}; // item -> true while a request for it is on its way
  var failed = {}; // item -> the server's reason a tap was refused

  function fieldsets() {
    return part.querySelectorAll("fieldset[data-item]");
  }

  function show() {
    var total = 0;
    var saved = 0;
    fieldsets().forEach(function (box) {
      var item = box.getAttribute("data-item");
      var status = box.querySelector(".status");
      var value = wanted[item] !== undefined ? wanted[item] : stored[item];
      box.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === value;
      });
      total += 1;
      if (stored[item] !== undefined && wanted[item] === undefined) saved += 1;
      if (!status) return;
      status.className = "status";
      if (failed[item]) {
        status.textContent = failed[item];
        status.className = "status failed";
      } else if (wanted[item] !== undefined) {
        status.textContent = sending[item] === "retry" ? words.retrying : words.saving;
      } else if (stored[item] !== undefined) {
        status.textContent = words.saved;
        status.className = "status saved";
      } else {
        status.textContent = "";
      }
    });
    var count = document.getElementById("saved-count");
    if (count && words.count) {
      count.textContent = total ? words.count.replace("{n}", saved).replace("{total}", total) : "";
    }
  }

  function send(item) {
    if (sending[item] === true || wanted[item] === undefined) return;
    var value = wanted[item];
    sending[item] = true;
    fetch(base + "/tap?lang=" + encodeURIComponent(lang), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ item: item, value: value }),
      credentials: "same-origin",
      cache: "no-store"
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      })
      .then(function (reply) {
        sending[item] = false;
        if (reply.ok) {
          stored = reply.body.answers || {};
          delete failed[item];
          if (wanted[item] === value) delete wanted[item];
        } else if (reply.status >= 500) {
          sending[item] = "retry";
          setTimeout(function () { sending[item] = false; send(item); }, 1000);
          show();
          return;
        } else {
          failed[item] = (reply.body && reply.body.error) || words.failed;
          if (wanted[item] === value) delete wanted[item];
        }
        show();
        send(item); // a newer tap of the same question, made meanwhile
      })
      .catch(function () {
        // No answer from the server (restarting, or no network): try again shortly.
        sending[item] = "retry";
        show();
        setTimeout(function () { sending[item] = false; send(item); }, 1000);
      });
  }

  part.addEventListener("change", function (event) {
    var radio = event.target;
    if (!radio || radio.type !== "radio") return;
    var box = radio.closest("fieldset[data-item]");
    if (!box) return;
    var item = box.getAttribute("data-item");
    wanted[item] = radio.value;
    delete failed[item];
    show();
    send(item);
  });
  // The open question: saved with its button, without leaving the page. Its answer is
  // kept here so that the part the long poll brings (the same HTML for every phone)
  // shows it again while the question stays the same.
  function openForm() {
    return document.getElementById("open-question");
  }
  function openQuestion() {
    var form = openForm();
    return form ? form.elements.question.value : null;
  }
  var openText = openForm() ? openForm().elements.text.value : "";
  var openAsked = openQuestion();
  function saveOpen(form) {
    var status = form.querySelector("#open-status");
    var text = form.elements.text.value;
    status.className = "status";
    status.textContent = words.saving;
    fetch(base + "/open?lang=" + encodeURIComponent(lang), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, question: form.elements.question.value }),
      credentials: "same-origin",
      cache: "no-store"
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (reply) {
        if (reply.ok) {
          openText = reply.body.text;
          status.textContent = reply.body.saved;
          status.className = "status saved";
        } else {
          status.textContent = (reply.body && reply.body.error) || words.failed;
          status.className = "status failed";
        }
      })
      .catch(function () {
        status.textContent = words.failed;
        status.className = "status failed";
      });
  }
  part.addEventListener("submit", function (event) {
    event.preventDefault(); // every answer is saved as it is tapped
    if (event.target && event.target.id === "open-question") saveOpen(event.target);
  });

  var polling = false;
  var pause = 500;
  function poll() {
    if (polling) return;
    polling = true;
    fetch(base + "/wait?v=" + encodeURIComponent(version) + "&lang=" + encodeURIComponent(lang), {
      credentials: "same-origin",
      cache: "no-store"
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (body) {
        polling = false;
        pause = 500;
        if (body.reload) {
          window.location.reload();
          return;
        }
        if (body.html !== undefined && body.v !== version) {
          version = body.v;
          var typing = openForm() ? openForm().elements.text.value : openText;
          part.innerHTML = body.html; // our own template's HTML, every text escaped
          var asked = openQuestion();
          if (asked !== null && asked === openAsked) {
            openForm().elements.text.value = typing; // what was typed, saved or not
          } else {
            openText = "";
          }
          openAsked = asked;
          failed = {};
          show();
          window.scrollTo(0, 0);
          var heading = part.querySelector("h1, h2");
          if (heading) {
            heading.setAttribute("tabindex", "-1");
            heading.focus({ preventScroll: true });
          }
        }
        if (!body.ended) poll();
      })
      .catch(function () {
        polling = false;
        setTimeout(poll, pause);
        pause = Math.min(pause * 2, 4000);
      });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
      Object.keys(wanted).forEach(send);
    }
  });
  show();
  if (version !== "ended") poll();
})();
