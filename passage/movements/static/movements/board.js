// The live board: reload the board's fragment whenever the server says something moved.
// Server-Sent Events push; nothing polls. EventSource reconnects by itself after a drop.
(function () {
  "use strict";
  function start() {
    var board = document.getElementById("board");
    if (!board || !window.EventSource || !window.htmx) { return; }
    var source = new EventSource(board.getAttribute("data-stream"));
    source.addEventListener("movement", function () { window.htmx.trigger(board, "movement"); });
    source.addEventListener("open", function () { board.setAttribute("data-live", "yes"); });
    source.addEventListener("error", function () { board.setAttribute("data-live", "no"); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
