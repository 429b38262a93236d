import type { Command } from './command.ts';

// Placeholder until this command group lands; replaced by its owner.
export const rulesCommand: Command = {
  name: 'rules',
  summary: '(not built yet)',
  async run() {
    console.error('makegood rules: not built yet');
    return 1;
  },
};
