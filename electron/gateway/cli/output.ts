/** Writes one line (or a block) to stdout. */
export const print = (text: string): void => void process.stdout.write(`${text}\n`);

/** Every command's output: `human` by default, the value as JSON with --json. */
export function output(json: boolean | undefined, value: unknown, human: () => string): void {
  print(json ? JSON.stringify(value, null, 2) : human());
}

export const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);
