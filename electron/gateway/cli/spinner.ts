import { seconds } from './format.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One line on a terminal's stderr that says what a task is doing and for how long; nothing at
 * all when stderr is not a terminal, so piped output and logs stay clean.
 */
export class Spinner {
  private label = 'waiting';
  private frame = 0;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    if (!stream.isTTY) return;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
    this.draw();
  }

  set(label: string): void {
    this.label = label;
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    this.frame = (this.frame + 1) % frames.length;
    this.stream.write(`\r\x1b[2K${frames[this.frame]} ${this.label} · ${seconds(Date.now() - this.started)}`);
  }
}
