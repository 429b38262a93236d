import type { Command } from './command.ts';

// Placeholder until this command group lands; replaced by its owner.
export const serveCommand: Command = {
  name: 'serve',
  summary: '(not built yet)',
  async run() {
    console.error('makegood serve: not built yet');
    return 1;
  },
};
