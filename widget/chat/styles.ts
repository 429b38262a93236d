/**
 * The widget's CSS, injected inside its shadow root so it cannot leak out. The host element
 * gets `all: initial` (inline, !important): inherited page styles (font, colour,
 * letter-spacing, line-height) stop at the shadow boundary, and page rules cannot move or hide
 * the host. Every text/background pair here meets WCAG AA (at least 4.5:1).
 */
export const HOST_STYLE = 'all:initial!important';

const B = '#0b57d0';

export const CSS = `.mg{font:14px/1.45 system-ui,sans-serif;color:#1b1b1b}
*{box-sizing:border-box;margin:0}
button,textarea,input{font:inherit;border:1px solid #767676;border-radius:6px;padding:5px}
button{border-color:${B};background:#fff;color:${B};padding:5px 10px;min-height:32px}
.launch,[aria-pressed=true],.send{background:${B};color:#fff}
:focus-visible{outline:3px solid ${B};outline-offset:2px}
.launch,.panel{position:fixed;right:16px;bottom:16px;z-index:2147483647;box-shadow:0 2px 12px #0004}
.launch{border-radius:24px;padding:10px 18px}
.panel{bottom:72px;width:min(380px,100vw - 32px);height:min(580px,100vh - 96px);display:flex;flex-direction:column;background:#fff;border:1px solid #767676;border-radius:10px;overflow:hidden}
.left>*{right:auto;left:16px}
header,.row{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
header,.st{padding:6px 12px;border-bottom:1px solid #ddd}
h2{flex:1;font-size:16px}
.st:before{content:"● "}
.connected{color:#146c2e}.connecting,.reconnecting{color:#8a4b00}.offline,.err{color:#b3261e}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;overflow-wrap:anywhere}
.me{align-self:flex-end;background:#e8eefa;padding:8px;border-radius:10px;white-space:pre-wrap}
.card{border:1px solid #bbb;border-radius:10px;padding:10px;display:grid;gap:8px}
.g{font-size:16px;font-weight:700}
blockquote{border-left:3px solid ${B};padding-left:8px}
.flag{background:#fff4e5;color:#6b3a00;padding:4px 8px}
.m{color:#595959;font-size:13px}
form{border-top:1px solid #ddd;padding:8px 12px;display:grid;gap:6px}
textarea{width:100%}
.chip input{width:6em;margin-left:4px}
@media (max-width:480px),(max-height:520px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
@media (max-height:520px){.panel{overflow:auto}.log{flex:none}}`;
