// Local stand-in for knative's event_display: receives CloudEvents over HTTP (binary and
// structured mode) and prints each as cloudevents/sdk-go v2 Event.String() does, prefixed with
// "☁️  cloudevents.Event". Answers 200 with no body (sdk-go's ACK), 400 when not a CloudEvent.
'use strict';
const http = require('node:http');

const ATTRS = ['specversion', 'type', 'source', 'subject', 'id', 'time', 'dataschema', 'datacontenttype'];

// Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros.
function goTime(text) {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return text;
  const frac = (m[3] || '').replace(/0+$/, '');
  if (m[4].toUpperCase() === 'Z') return `${m[1]}T${m[2]}${frac === '.' ? '' : frac}Z`;
  const d = new Date(`${m[1]}T${m[2]}${m[4]}`);
  return `${d.toISOString().slice(0, 19)}${frac === '.' ? '' : frac}Z`;
}

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

function parse(req, body) {
  const contentType = req.headers['content-type'] || '';
  if (mediaType(contentType) === 'application/cloudevents+json') {
    const json = JSON.parse(body.toString('utf8'));
    const event = { attrs: {}, ext: {}, data: undefined, base64: false };
    for (const [k, v] of Object.entries(json)) {
      if (k === 'data') continue;
      if (k === 'data_base64') continue;
      if (ATTRS.includes(k)) event.attrs[k] = String(v);
      else event.ext[k] = v;
    }
    if (json.data_base64 !== undefined) {
      event.data = Buffer.from(json.data_base64, 'base64');
      event.base64 = true;
    } else if (json.data !== undefined) {
      const ct = mediaType(event.attrs.datacontenttype);
      event.data = Buffer.from(
        typeof json.data === 'string' && ct !== 'application/json' ? json.data : JSON.stringify(json.data),
      );
    }
    return event;
  }
  if (!req.headers['ce-specversion']) return undefined;
  const event = { attrs: {}, ext: {}, data: body.length > 0 ? body : undefined, base64: false };
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('ce-')) continue;
    const key = name.slice(3);
    const text = decodeURIComponent(Array.isArray(value) ? value.join(',') : value);
    if (ATTRS.includes(key)) event.attrs[key] = text;
    else event.ext[key] = text;
  }
  if (contentType) event.attrs.datacontenttype = contentType;
  return event;
}

function validate(a) {
  const errors = [];
  if (!a.id || !a.id.trim()) errors.push('id: MUST be a non-empty string');
  if (!a.source || !a.source.trim()) errors.push('source: REQUIRED');
  if (!a.type || !a.type.trim()) errors.push('type: MUST be a non-empty string');
  return errors;
}

function format(event) {
  const a = event.attrs;
  const errors = validate(a);
  let out = `Validation: ${errors.length === 0 ? 'valid' : 'invalid'}\n`;
  if (errors.length > 0) out += `Validation Error: \n${errors.join('\n')}\n`;
  out += 'Context Attributes,\n';
  out += `  specversion: ${a.specversion || '1.0'}\n`;
  out += `  type: ${a.type || ''}\n`;
  out += `  source: ${a.source || ''}\n`;
  if (a.subject !== undefined) out += `  subject: ${a.subject}\n`;
  out += `  id: ${a.id || ''}\n`;
  if (a.time !== undefined) out += `  time: ${goTime(a.time)}\n`;
  if (a.dataschema !== undefined) out += `  dataschema: ${a.dataschema}\n`;
  if (a.datacontenttype !== undefined) out += `  datacontenttype: ${a.datacontenttype}\n`;
  const keys = Object.keys(event.ext).sort();
  if (keys.length > 0) {
    out += 'Extensions,\n';
    for (const k of keys)
      out += `  ${k}: ${typeof event.ext[k] === 'object' ? JSON.stringify(event.ext[k]) : String(event.ext[k])}\n`;
  }
  if (event.data !== undefined) {
    out += event.base64 ? 'Data (binary),\n  ' : 'Data,\n  ';
    const text = event.data.toString('utf8');
    if (mediaType(a.datacontenttype) === 'application/json') {
      // Go's json.Indent(prefix "  ", indent "  ").
      try {
        out += JSON.stringify(JSON.parse(text), null, 2).replace(/\n/g, '\n  ');
      } catch {
        out += text;
      }
    } else {
      out += text;
    }
    out += '\n';
  }
  return out;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let event;
    try {
      event = parse(req, Buffer.concat(chunks));
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`invalid CloudEvent: ${err.message}\n`);
      return;
    }
    if (!event) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not a CloudEvent: missing ce-specversion header or application/cloudevents+json body\n');
      return;
    }
    process.stdout.write(`☁️  cloudevents.Event\n${format(event)}`);
    res.writeHead(200);
    res.end();
  });
});
server.listen(Number(process.env.PORT || 8080));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});

module.exports = { format, goTime };
