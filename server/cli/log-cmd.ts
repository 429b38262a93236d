import type { Command } from './command.ts';

// Placeholder until this command group lands; replaced by its owner.
export const logCommand: Command = {
  name: 'log',
  summary: '(not built yet)',
  async run() {
    console.error('makegood log: not built yet');
    return 1;
  },
};
