/**
 * The two pages that are not plain files: the demo front desk (widget/demo.html
 * with the demo staff token filled in) and fallbacks while a page is not built.
 */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const TOKEN_PLACEHOLDER = '{{STAFF_TOKEN}}';

export function demoPage(template: string, staffToken: string): string {
  return template.split(TOKEN_PLACEHOLDER).join(escapeHtml(staffToken));
}

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}code,pre{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}pre{padding:.75rem;overflow:auto}</style>
</head><body>${body}</body></html>
`;

export function noDemoTokenPage(): string {
  return shell(
    'makegood',
    `<h1>makegood is running</h1>
<p>There is no demo token on this server (it only makes demo tokens on a first start on 127.0.0.1 / localhost).
Add a token for a front-desk staff member and embed the widget with it:</p>
<pre>makegood token add --role staff --name "Ana" --location des-moines</pre>
<pre>&lt;script src="/widget.js" data-token="mg_…" async&gt;&lt;/script&gt;</pre>
<p>Managers and auditors open <a href="/console">/console</a> with their own token.</p>`,
  );
}

export function notBuiltPage(what: string): string {
  return shell('makegood', `<h1>${escapeHtml(what)} is not built yet</h1><p>Run <code>npm run build</code> and reload.</p>`);
}
