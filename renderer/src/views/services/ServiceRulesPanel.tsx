import { useState, type FormEvent } from 'react';
import type { ServiceRouteTest } from '@shared/contract';
import { api, errorMessage } from '../../api';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { servicesSelectors, stores, useServices } from '../../stores';

const operators = ['equals', 'not_equals', 'contains', 'prefix', 'regex', 'in'] as const;
const strategies = ['least_connections', 'round_robin', 'random', 'weighted'] as const;

/** `name: value` lines (headers) or `name=value` pairs (query) into a record. */
const pairs = (text: string, separator: string) =>
  Object.fromEntries(
    text
      .split(/\n|&/)
      .map((line) => line.split(separator))
      .filter((parts) => parts.length >= 2 && parts[0]!.trim())
      .map(([name, ...rest]) => [name!.trim(), rest.join(separator).trim()]),
  );

/** Service rules (`serviceRouting.rules`): which service a proxied WebSocket client reaches, and a tester. */
export function ServiceRulesPanel() {
  const rules = useServices(servicesSelectors.rules);
  const actions = stores.services.getState();
  const [draft, setDraft] = useState({ name: '', priority: '10', field: 'header.x-user-tier', operator: 'equals' as (typeof operators)[number], value: '', strategy: 'least_connections' as (typeof strategies)[number], tags: '' });
  const [headers, setHeaders] = useState('x-user-tier: vip');
  const [query, setQuery] = useState('tag=');
  const [tested, setTested] = useState<ServiceRouteTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const value = draft.operator === 'in' ? draft.value.split(',').map((item) => item.trim()) : draft.value;
    const saved = await actions.saveRule({
      name: draft.name.trim(), priority: Number(draft.priority) || 0, enabled: true, target_strategy: draft.strategy,
      target_tags: draft.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
      conditions: draft.value ? [{ field: draft.field.trim(), operator: draft.operator, value }] : [],
    });
    if (saved) setDraft({ ...draft, name: '', value: '', tags: '' });
  };
  const test = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setTested(await api.call('serviceRules.test', { headers: pairs(headers, ':'), query: pairs(query, '=') }));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  return (
    <section className="card services-section" data-testid="service-rules">
      <h2>Service rules</h2>
      <p className="muted">Which agent service a client of <span className="mono">/ws?tag=…</span> reaches, by its headers, query or address: the highest-priority matching rule picks the target tags and strategy. Not model routes, not task rules.</p>
      {rules.length === 0 ? <p className="muted">No service rule: clients go by the service or tag they ask for.</p> : (
        <table className="table">
          <thead>
            <tr><th>Rule</th><th className="num">Priority</th><th>Conditions</th><th>Target</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.rule_id} data-testid="service-rule-row">
                <td>{rule.name} {rule.enabled ? null : <Badge>off</Badge>}</td>
                <td className="num">{rule.priority}</td>
                <td className="mono small">{rule.conditions.map((c) => `${c.field} ${c.operator} ${Array.isArray(c.value) ? c.value.join(',') : c.value}`).join(' and ') || 'always'}</td>
                <td>{rule.target_tags.join(', ')} <span className="muted">({rule.target_strategy})</span></td>
                <td><Button size="sm" variant="ghost" icon="trash" aria-label={`Delete ${rule.name}`} onClick={() => void actions.deleteRule(rule.rule_id)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="rule-form" onSubmit={(event) => void create(event)} data-testid="service-rule-form">
        <Field label="Name"><input value={draft.name} onChange={set('name')} required data-testid="rule-name" /></Field>
        <Field label="Priority"><input type="number" value={draft.priority} onChange={set('priority')} /></Field>
        <Field label="Field"><input value={draft.field} onChange={set('field')} placeholder="header.x-user-tier, query.region, client_ip" data-testid="rule-field" /></Field>
        <Field label="Operator">
          <select value={draft.operator} onChange={set('operator')}>{operators.map((op) => <option key={op}>{op}</option>)}</select>
        </Field>
        <Field label="Value"><input value={draft.value} onChange={set('value')} data-testid="rule-value" /></Field>
        <Field label="Target tags"><input value={draft.tags} onChange={set('tags')} placeholder="high-performance" required data-testid="rule-tags" /></Field>
        <Field label="Strategy">
          <select value={draft.strategy} onChange={set('strategy')}>{strategies.map((strategy) => <option key={strategy}>{strategy}</option>)}</select>
        </Field>
        <Button variant="primary" icon="plus" type="submit" data-testid="rule-create">Add rule</Button>
      </form>
      <h3>Which service would this client reach?</h3>
      <form className="rule-tester" onSubmit={(event) => void test(event)} data-testid="service-rule-tester">
        <Field label="Headers (name: value per line)"><textarea rows={2} value={headers} onChange={(event) => setHeaders(event.target.value)} data-testid="tester-headers" /></Field>
        <Field label="Query (service=…&tag=…&session_id=…)"><input value={query} onChange={(event) => setQuery(event.target.value)} data-testid="tester-query" /></Field>
        <Button icon="search" type="submit" data-testid="tester-run">Test</Button>
      </form>
      {error ? <InlineError>{error}</InlineError> : null}
      {tested ? (
        <p data-testid="tester-result">
          {tested.routed ? <>→ <strong>{tested.target_service}</strong> <span className="mono">{tested.service_endpoint}</span> by {tested.routing_strategy}</> : <>✗ {tested.error.code}: {tested.error.message}</>}
          {tested.matched_rule ? <> (rule <em>{tested.matched_rule.name}</em>)</> : <span className="muted"> (no rule matched)</span>}
        </p>
      ) : null}
    </section>
  );
}
