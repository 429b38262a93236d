export * from './errors.ts';
export * from './roles.ts';
export * from './recommendation.ts';
export * from './log-entry.ts';
export * from './events.ts';
export * from './rule-suggestions.ts';
