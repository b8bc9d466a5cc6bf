import { Badge, taskTone } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { Markdown } from '../../components/Markdown';
import { formatTokens } from '../../lib/format';
import { logTone } from './log-tone';
import type { TimelineItem } from './timeline';

const changeTone = { add: 'success', modify: 'info', delete: 'danger', unknown: 'neutral' } as const;
const time = (ts: string) => new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

export function TimelineEntry({ item }: { item: TimelineItem }) {
  return (
    <li className={`event kind-${item.kind}`} data-testid="task-event" data-kind={item.kind}>
      <time className="event-time" dateTime={item.ts}>
        {time(item.ts)}
      </time>
      <div className="event-body">
        <EntryBody item={item} />
      </div>
    </li>
  );
}

function EntryBody({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case 'message':
      return <Markdown text={item.text} className="event-message" />;
    case 'reasoning':
      return (
        <details className="event-reasoning">
          <summary>Thinking</summary>
          <p>{item.text}</p>
        </details>
      );
    case 'command':
      return (
        <div className="event-command">
          <div className="event-line">
            <Icon name="terminal" />
            <code className="truncate">{item.command}</code>
            {item.running ? (
              <Badge tone="info">running</Badge>
            ) : item.exitCode === null ? null : (
              <Badge tone={item.exitCode === 0 ? 'success' : 'danger'} testId="command-exit-code">
                exit {item.exitCode}
              </Badge>
            )}
          </div>
          {item.output ? (
            <details open={item.exitCode !== null && item.exitCode !== 0}>
              <summary>Output</summary>
              <pre className="code-block">{item.output}</pre>
            </details>
          ) : null}
        </div>
      );
    case 'tool':
      return (
        <div>
          <div className="event-line">
            <Icon name="tool" />
            <span className="mono">{item.name}</span>
            {item.running ? <Badge tone="info">running</Badge> : item.isError ? <Badge tone="danger">error</Badge> : <Badge tone="success">done</Badge>}
          </div>
          {item.input !== undefined || item.output ? (
            <details>
              <summary>Details</summary>
              {item.input !== undefined ? <pre className="code-block">{show(item.input)}</pre> : null}
              {item.output ? <pre className="code-block">{item.output}</pre> : null}
            </details>
          ) : null}
        </div>
      );
    case 'file':
      return (
        <div className="event-line">
          <Icon name="file" />
          <span className="mono truncate">{item.path}</span>
          <Badge tone={changeTone[item.change]}>{item.change}</Badge>
        </div>
      );
    case 'usage':
      return (
        <div className="event-line muted small">
          <Icon name="usage" />
          {/* Tokens only: the task has one cost, shown with its source in the Usage panel. */}
          {formatTokens(item.inputTokens)} in · {formatTokens(item.outputTokens)} out
          {item.model ? ` · ${item.model}` : ''}
        </div>
      );
    case 'result':
      return <Markdown text={item.text} className={item.isError ? 'event-result event-result-error' : 'event-result'} />;
    case 'error':
      return (
        <div className="event-line danger-text">
          <Icon name="alert" />
          {item.message}
        </div>
      );
    case 'log':
      return (
        <pre className={`event-log event-log-${item.stream}`}>
          {item.text.split('\n').map((line, index) => (
            <span key={index} className={`log-line log-${item.stream === 'stderr' ? logTone(line) : 'plain'}`} data-tone={item.stream === 'stderr' ? logTone(line) : 'plain'}>
              {line}
              {'\n'}
            </span>
          ))}
        </pre>
      );
    case 'progress':
      return (
        <div className="event-line event-progress">
          {item.percent !== null ? (
            <>
              <progress className="event-progress-bar" value={item.percent} max={100} aria-label="Progress" />
              <span className="small">{Math.round(item.percent)}%</span>
            </>
          ) : null}
          {item.text ? <span className="event-progress-text">{item.text}</span> : null}
        </div>
      );
    case 'status':
      return (
        <div className="event-line event-status">
          <Badge tone={taskTone(item.status)} dot>
            {item.status}
          </Badge>
          {item.message && item.message !== item.status ? <span className="muted small">{item.message}</span> : null}
        </div>
      );
  }
}
