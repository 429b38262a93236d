/** rules:status — which rules are live, since when, and the errors of a bad save. */
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

export function rulesFeature(ctx: AppContext): Feature {
  return { name: 'rules', handlers: { 'rules:status': () => ctx.rulesStatus() } };
}
