// A deliberately small markdown subset: paragraphs (blank lines), line breaks, and **bold**.
// Everything else is shown as plain text. Output is built from DOM nodes, never from HTML strings.

import { el } from "./dom.js";

const BOLD = /\*\*(.+?)\*\*/g;

function inline(line) {
  const parts = [];
  let last = 0;
  for (const match of line.matchAll(BOLD)) {
    if (match.index > last) parts.push(document.createTextNode(line.slice(last, match.index)));
    parts.push(el("strong", { text: match[1] }));
    last = match.index + match[0].length;
  }
  if (last < line.length) parts.push(document.createTextNode(line.slice(last)));
  return parts;
}

export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const paragraphs = String(text || "").replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const paragraph of paragraphs) {
    if (!paragraph.trim()) continue;
    const p = el("p");
    paragraph.split("\n").forEach((line, index) => {
      if (index > 0) p.append(el("br"));
      p.append(...inline(line));
    });
    fragment.append(p);
  }
  return fragment;
}
