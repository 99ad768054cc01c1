// Shared by the report pages: build the DOM from data with textContent and setAttribute only.
var zsDom = (function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svg(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function markdown(parent, blocks) {
    var inlineTags = { code: 'code', strong: 'strong', em: 'em' };
    function inline(node, spans) {
      spans.forEach(function (s) {
        var tag = inlineTags[s[0]];
        node.appendChild(tag ? el(tag, null, s[1]) : document.createTextNode(s[1]));
      });
    }
    blocks.forEach(function (b) {
      if (b[0] === 'p') {
        var p = el('p');
        inline(p, b[1][0]);
        parent.appendChild(p);
      } else {
        var list = el(b[0] === 'ol' ? 'ol' : 'ul');
        b[1].forEach(function (item) { var li = el('li'); inline(li, item); list.appendChild(li); });
        parent.appendChild(list);
      }
    });
  }

  function svgText(parent, x, y, text, cls, anchor) {
    var t = svg('text', { x: x, y: y }, parent);
    if (cls) { t.setAttribute('class', cls); }
    if (anchor) { t.setAttribute('text-anchor', anchor); }
    t.textContent = text;
    return t;
  }

  /** A hover title on an SVG node. */
  function tip(node, text) {
    var t = document.createElementNS(SVGNS, 'title');
    t.textContent = text;
    node.appendChild(t);
  }

  return { el: el, svg: svg, markdown: markdown, svgText: svgText, tip: tip };
})();
