import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** The questions a wizard asks; a scripted stream answers them in tests, a terminal otherwise. */
export interface Prompter {
  ask(question: string, fallback?: string): Promise<string>;
  /** Like ask, but a terminal does not echo what is typed (a pasted key). */
  secret(question: string): Promise<string>;
  confirm(question: string, fallback: boolean): Promise<boolean>;
  /** Picks any number of options by their 1-based numbers ("1,3"); Enter takes `defaults`, "none" takes none. */
  pick(question: string, options: string[], defaults: number[]): Promise<number[]>;
  say(text: string): void;
  close(): void;
}

export class PromptClosed extends Error {
  constructor() {
    super('setup was stopped before it finished; nothing was written');
    this.name = 'PromptClosed';
  }
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, terminal: boolean): Prompter {
  let muted = false;
  // readline echoes what is typed through its output; while a secret is typed that echo goes nowhere.
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal });
  // Lines are read through one iterator, which buffers: a scripted stream may deliver every answer at once.
  const lines = rl[Symbol.asyncIterator]();
  const write = (text: string) => void output.write(text);
  // On a terminal the question is readline's prompt, so editing the answer redraws it rather than wiping it.
  const show = (question: string) => {
    if (!terminal) return write(question);
    rl.setPrompt(question);
    rl.prompt();
  };

  const line = async (question: string): Promise<string> => {
    show(question);
    const next = await lines.next();
    if (next.done) throw new PromptClosed();
    if (!terminal) write('\n');
    return next.value.trim();
  };

  const prompter: Prompter = {
    async ask(question, fallback) {
      const answer = await line(`${question}${fallback ? ` [${fallback}]` : ''}: `);
      return answer || fallback || '';
    },
    async secret(question) {
      show(`${question}: `);
      muted = true;
      try {
        const next = await lines.next();
        if (next.done) throw new PromptClosed();
        return next.value.trim();
      } finally {
        muted = false;
        write('\n');
      }
    },
    async confirm(question, fallback) {
      for (;;) {
        const answer = (await line(`${question} [${fallback ? 'Y/n' : 'y/N'}]: `)).toLowerCase();
        if (!answer) return fallback;
        if (['y', 'yes'].includes(answer)) return true;
        if (['n', 'no'].includes(answer)) return false;
        write('Answer y or n.\n');
      }
    },
    async pick(question, options, defaults) {
      options.forEach((option, index) => write(`  ${String(index + 1).padStart(2)}. ${option}\n`));
      const shown = defaults.length ? defaults.map((index) => index + 1).join(',') : 'none';
      for (;;) {
        const answer = (await line(`${question} [${shown}]: `)).toLowerCase();
        if (!answer) return defaults;
        if (answer === 'none' || answer === '-') return [];
        const numbers = answer.split(/[\s,]+/).filter(Boolean).map(Number);
        if (numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= options.length)) return [...new Set(numbers.map((n) => n - 1))];
        write(`Type numbers from 1 to ${options.length}, separated by commas, or "none".\n`);
      }
    },
    say: (text) => write(`${text}\n`),
    close: () => rl.close(),
  };
  return prompter;
}
