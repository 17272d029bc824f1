// The small Markdown subset the repository's docs are written in, to HTML, for the static site
// (scripts/build-site.mjs): headings, paragraphs, fenced code, bullet and numbered lists,
// tables, `code`, **strong**, *emphasis*, [links](url) and <!-- comments --> (dropped).
// Everything else is text: every character of the source is escaped, so a doc can show
// "<gradlab-playground>" and never becomes markup by accident. Build-time only.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);

/** A heading's id, as GitHub makes it: lower case, spaces to '-', punctuation dropped. */
export const slug = (text) => text.toLowerCase().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s/g, '-');

/**
 * Inline spans of one line. `link(url)` maps a link's target (null: show the text only).
 */
function inline(text, link) {
  const out = [];
  let i = 0;
  const rest = (re) => re.exec(text.slice(i));
  while (i < text.length) {
    let m;
    if ((m = rest(/^`([^`]+)`/))) out.push(`<code>${escapeHtml(m[1])}</code>`);
    else if ((m = rest(/^\*\*([^*]+)\*\*/))) out.push(`<strong>${inline(m[1], link)}</strong>`);
    else if ((m = rest(/^\*([^*\s][^*]*?)\*/))) out.push(`<em>${inline(m[1], link)}</em>`);
    else if ((m = rest(/^\[([^\]]+)\]\(([^)\s]+)\)/))) {
      const href = link(m[2]);
      out.push(href === null ? inline(m[1], link) : `<a href="${escapeHtml(href)}">${inline(m[1], link)}</a>`);
    } else if ((m = rest(/^<(https?:\/\/[^>\s]+)>/))) out.push(`<a href="${escapeHtml(m[1])}">${escapeHtml(m[1])}</a>`);
    else if ((m = rest(/^\\([\\`*_[\]|])/))) out.push(escapeHtml(m[1]));
    else {
      m = rest(/^[^`*[\\<]+|^./s);
      out.push(escapeHtml(m[0]));
    }
    i += m[0].length;
  }
  return out.join('');
}

const cells = (line) => line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());

/**
 * The HTML of a Markdown document (the body's content). Options: `link(url)` rewrites link
 * targets (default: as written). Returns {html, title, headings: [{level, text, id}]}.
 */
export function markdownToHtml(source, { link = (u) => u } = {}) {
  const lines = source.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const out = [];
  const headings = [];
  let i = 0;
  const para = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '), link)}</p>`);
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i];
    let m;
    if ((m = /^```([\w-]*)\s*$/.exec(line))) {
      flush();
      const body = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      i++;
      out.push(`<pre><code${m[1] ? ` class="language-${escapeHtml(m[1])}"` : ''}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
      flush();
      const level = m[1].length;
      const id = slug(m[2]);
      headings.push({ level, text: m[2], id });
      out.push(`<h${level} id="${escapeHtml(id)}">${inline(m[2], link)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\|.*\|\s*$/.test(line) && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      flush();
      const head = cells(line);
      const rows = [];
      for (i += 2; i < lines.length && /^\|.*\|\s*$/.test(lines[i]); i++) rows.push(cells(lines[i]));
      out.push(`<table><thead><tr>${head.map((c) => `<th>${inline(c, link)}</th>`).join('')}</tr></thead><tbody>${
        rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c, link)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
      continue;
    }
    if ((m = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line))) {
      flush();
      const ordered = /\d/.test(m[2]);
      const items = [];
      while (i < lines.length) {
        const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(lines[i]);
        if (item) items.push(item[2]);
        else if (/^\s+\S/.test(lines[i]) && items.length) items[items.length - 1] += ` ${lines[i].trim()}`;
        else break;
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((t) => `<li>${inline(t, link)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
    i++;
  }
  flush();
  return { html: out.join('\n'), title: headings.find((x) => x.level === 1)?.text ?? '', headings };
}
