// `knts api-resources`: the kinds this platform serves, as kubectl lists them.
import { apiVersionOf, type ResourceType } from '@knts/api';
import type { CliContext } from '../cli-context';
import { formatTable } from '../printers/table-writer';

export function runApiResources(ctx: CliContext, types: readonly ResourceType[]): number {
  const rows = [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']];
  for (const t of [...types].sort((a, b) => a.plural.localeCompare(b.plural) || a.group.localeCompare(b.group))) {
    rows.push([t.plural, t.shortNames.join(','), apiVersionOf(t), String(t.namespaced), t.kind]);
  }
  ctx.io.out(formatTable(rows));
  return 0;
}
