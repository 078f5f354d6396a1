/** Exit codes of spec/service.md and where the CLI writes. */
export const EXIT = { ok: 0, invalid: 1, unreadable: 2, usage: 2 } as const;

export class UsageError extends Error {}

export interface Output {
  print(text: string): void;
  error(text: string): void;
}

export const consoleOutput: Output = {
  print: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
