import type { IncomingTask, TaskHandler } from './types.js';

type ResultFrame = { type: 'result'; conversation_id: string; success: boolean; result: unknown; metadata: Record<string, unknown> };

/** Finished tasks whose result is kept, in case the gateway sends the task again after a reconnect. */
const rememberedResults = 200;

/** The agent's side of tasks: runs the handler once per task, reports progress, answers cancel. */
export class ClientTasks {
  handler: TaskHandler | undefined;
  private readonly running = new Map<string, AbortController>();
  private readonly finished = new Map<string, ResultFrame>();

  /** `keep`: hold the frame while disconnected and send it once connected again. */
  constructor(private readonly write: (frame: unknown, keep: boolean) => void) {}

  start(task: IncomingTask): void {
    // The gateway sends a task again when this agent reconnects mid-task: keep working on it.
    if (this.running.has(task.task_id)) return;
    const done = this.finished.get(task.task_id);
    if (done) return this.write(done, true);
    const controller = new AbortController();
    this.running.set(task.task_id, controller);
    void this.run(task, controller);
  }

  cancel(taskId: string): void {
    this.running.get(taskId)?.abort();
    this.running.delete(taskId);
  }

  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private async run(task: IncomingTask, controller: AbortController): Promise<void> {
    const progress = (update: string | { text?: string; percent?: number }) => {
      if (!controller.signal.aborted) this.write({ type: 'progress', task_id: task.task_id, ...(typeof update === 'string' ? { text: update } : update) }, false);
    };
    let frame: ResultFrame;
    try {
      if (!this.handler) throw new Error('this agent has no task handler');
      const value = await this.handler(task, { signal: controller.signal, progress });
      frame = { type: 'result', conversation_id: task.task_id, success: true, result: value ?? null, metadata: {} };
    } catch (error) {
      frame = { type: 'result', conversation_id: task.task_id, success: false, result: error instanceof Error ? error.message : String(error), metadata: {} };
    }
    // A cancelled task's result is not wanted any more.
    if (controller.signal.aborted) return;
    this.running.delete(task.task_id);
    this.finished.set(task.task_id, frame);
    if (this.finished.size > rememberedResults) this.finished.delete(this.finished.keys().next().value!);
    this.write(frame, true);
  }
}
