// Renders the catalogue as the Markdown table in docs/events.md; a unit test keeps the two equal.

import type { StreamDefinition } from '../transport/stream-definition';
import type { EventCatalogue } from './catalogue';

export const EVENTS_DOC_BEGIN = '<!-- catalogue:begin (generated from libs/events/src/catalogue/catalogue.ts) -->';
export const EVENTS_DOC_END = '<!-- catalogue:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function streamRow(s: StreamDefinition): string {
  const limits: string[] = [];
  if (s.maxAgeMs !== undefined) limits.push(`max age ${s.maxAgeMs / 3_600_000} h`);
  if (s.maxBytes !== undefined) limits.push(`max ${s.maxBytes / 1024 / 1024} MiB`);
  if (s.maxMsgsPerSubject !== undefined) limits.push(`${s.maxMsgsPerSubject} message per subject`);
  if (s.duplicateWindowMs !== undefined) limits.push(`duplicate window ${s.duplicateWindowMs / 1000} s`);
  return `| \`${s.name}\` | ${s.subjects.map((x) => `\`${x}\``).join(', ')} | ${s.storage ?? 'file'} | ${limits.join(', ')} | ${cell(s.description ?? '')} |`;
}

export function renderEventsTable(c: EventCatalogue): string {
  const rows = c.list.map((e) => {
    const type = e.type === undefined ? (e.format === 'log-line' ? '(log line, not a CloudEvent)' : '(any CloudEvent)') : `\`${e.type}\``;
    const delivery = e.delivery === 'core' ? 'core NATS, fire-and-forget' : `JetStream \`${e.stream?.name ?? '?'}\``;
    return `| ${type} | \`${e.pattern}\` | ${delivery} | ${cell(e.producers.join(', '))} | ${cell(e.consumers.join(', '))} | ${cell(e.dataShape.includes(' ') ? e.dataShape : `\`${e.dataShape}\``)} | ${cell(e.description)} |`;
  });
  return [
    EVENTS_DOC_BEGIN,
    '| type | subject | delivery | producers | consumers | data | meaning |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| stream | subjects | storage | limits | holds |',
    '|---|---|---|---|---|',
    ...Object.values(c.streams).map(streamRow),
    EVENTS_DOC_END,
  ].join('\n');
}
