import type { Command } from './command.ts';

// Placeholder until this command group lands; replaced by its owner.
export const tokenCommand: Command = {
  name: 'token',
  summary: '(not built yet)',
  async run() {
    console.error('makegood token: not built yet');
    return 1;
  },
};
