// The course builder's drag and drop: dropping a module, lesson or task posts the same
// "move" form the arrow buttons post (position, and the module or lesson it lands in);
// htmx swaps the tree the server answers. Keyboard users use the buttons instead.
(function () {
  if (window.courseBuilderReady) return;
  window.courseBuilderReady = true;
  let dragged = null;

  function itemOf(node) {
    return node.closest ? node.closest("[data-drag-kind]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    const item = itemOf(event.target);
    if (!item || !item.closest("[data-builder]")) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.pk);
    event.stopPropagation();
  });

  function dropTarget(event) {
    if (!dragged) return null;
    const kind = dragged.dataset.dragKind;
    let list = event.target.closest ? event.target.closest('[data-drop-list="' + kind + '"]') : null;
    if (!list) {
      // Over a parent item (a module for a lesson, a lesson for a task): its list.
      const parent = event.target.closest && event.target.closest("[data-drag-kind]");
      list = parent && parent.querySelector(':scope > [data-drop-list="' + kind + '"]');
    }
    return list;
  }

  document.addEventListener("dragover", function (event) {
    if (dropTarget(event)) event.preventDefault();
  });

  document.addEventListener("drop", function (event) {
    const list = dropTarget(event);
    if (!list || !dragged) return;
    event.preventDefault();
    const kind = dragged.dataset.dragKind;
    const siblings = Array.from(list.querySelectorAll(':scope > [data-drag-kind="' + kind + '"]'))
      .filter(function (node) { return node !== dragged; });
    let position = siblings.length + 1;
    const over = itemOf(event.target);
    if (over && over !== dragged && over.parentElement === list) {
      const box = over.getBoundingClientRect();
      const index = siblings.indexOf(over);
      position = index + 1 + (event.clientY > box.top + box.height / 2 ? 1 : 0);
    }
    const values = { position: String(position) };
    if (kind !== "modules") values.parent = list.dataset.parent;
    const url = dragged.dataset.moveUrl;
    dragged = null;
    window.htmx.ajax("POST", url, { source: "#course-builder", target: "#course-builder", swap: "outerHTML", values: values });
  });

  document.addEventListener("dragend", function () { dragged = null; });
})();
