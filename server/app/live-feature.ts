/**
 * Live events to managers: each recovery, each decision, rules reloaded or broken.
 * Driven by the in-process bus so every append path (and every feature) feeds it.
 */
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

export function liveFeature(ctx: AppContext): Feature {
  const offs = [
    ctx.events.on('entry:appended', (entry) => {
      if (entry.type === 'recommendation') ctx.toManagers(entry.location, 'recovery:logged', entry);
      else if (entry.type === 'decision') ctx.toManagers(entry.location, 'recovery:decided', entry);
    }),
    ctx.events.on('rules:reloaded', (status) => ctx.toManagers(null, 'rules:reloaded', status)),
    ctx.events.on('rules:error', (status) => {
      ctx.log.warn(`rules file ${status.file} has errors; still serving ${status.version}:\n  ${status.errors.join('\n  ')}`);
      ctx.toManagers(null, 'rules:error', status);
    }),
  ];
  return { name: 'live', close: () => offs.forEach((off) => off()) };
}
