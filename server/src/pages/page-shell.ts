import { escapeHtml } from './html';

// The frame of every client page: mobile-first, one inline style and at most one inline script, both under the
// answer's CSP nonce, nothing fetched from anywhere else.

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f4f6}
main{max-width:30rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:.25rem 0 .5rem}p{margin:.5rem 0}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
table{width:100%;border-collapse:collapse}td{padding:.35rem 0;vertical-align:top}td.amount{text-align:right;white-space:nowrap;padding-left:.5rem}
tr.total td{border-top:1px solid #ccc;font-weight:700;padding-top:.6rem}
.timer{background:#fff;border:2px solid #1d4ed8;border-radius:.75rem;padding:.6rem 1rem;margin:1rem 0}.timer p{margin:0}
.timer-label{font-size:.9rem;color:#333}#time-left{font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
.timer.urgent{border-color:#b91c1c;background:#fef2f2}.timer.urgent #time-left{color:#991b1b}.timer.expired{border-color:#555;background:#eee}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}.label-row{display:flex;justify-content:space-between;align-items:baseline;gap:.5rem}
.brand{font-weight:700;color:#1d4ed8}
input{width:100%;font-size:1.1rem;padding:.7rem;border:1px solid #767676;border-radius:.5rem;background:#fff;color:#1a1a1a}
input[aria-invalid=true]{border:2px solid #b91c1c}input:disabled{background:#eee;color:#555}
input:focus,button:focus{outline:3px solid #1d4ed8;outline-offset:2px}.row{display:flex;gap:.75rem}.row>div{flex:1;min-width:0}
.hint{margin:.25rem 0 0;font-size:.9rem;color:#555}.field-error{margin:.25rem 0 0;color:#991b1b;font-weight:600;font-size:.95rem}.field-error:empty{display:none}
button{width:100%;min-height:3rem;margin-top:1rem;font-size:1.1rem;font-weight:700;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;cursor:pointer}
button:disabled{background:#6b6b6b;cursor:not-allowed}button.secondary{background:#fff;color:#1d4ed8;border:2px solid #1d4ed8}
.alert{background:#fde8e8;color:#8a1111;border-radius:.5rem;padding:.75rem;margin:1rem 0;font-weight:600}
.ok{background:#e6f6ea;color:#145c26}.ok h2{font-size:1.3rem}.muted{color:#555;font-size:.9rem}.nowrap{white-space:nowrap}`;

export function page(options: { title: string; lang: string; nonce: string; body: string; head?: string; script?: string }): string {
  const script = options.script ? `<script nonce="${options.nonce}">${options.script}</script>` : '';
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${escapeHtml(options.title)}</title><style nonce="${options.nonce}">${STYLE}</style>${options.head ?? ''}</head>
<body><main>${options.body}</main>${script}</body></html>`;
}
