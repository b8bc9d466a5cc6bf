import type { ProviderView, RouteConfig } from '@shared/contract';
import type { RouteShadow } from '@shared/routing/shadowed-routes';
import { splitTarget } from '@shared/schemas/config';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { stores } from '../../stores';
import { ruleProblem } from '../../stores/route-draft';
import { TargetPicker } from './TargetPicker';

interface RuleCardProps {
  rule: RouteConfig;
  index: number;
  count: number;
  providers: ProviderView[];
  /** Set when an earlier rule takes every model this one would. */
  shadow?: RouteShadow;
}

export function RuleCard({ rule, index, count, providers, shadow }: RuleCardProps) {
  const routes = stores.routes.getState();
  const known = new Set(providers.map((provider) => provider.id));
  const problem = ruleProblem(rule);
  const label = rule.match || `rule ${index + 1}`;
  return (
    <li className="card rule-card" data-testid={`route-rule-${index}`}>
      <div className="rule-order">
        <span className="rule-index" aria-hidden="true">
          {index + 1}
        </span>
        <Button size="sm" variant="ghost" icon="up" disabled={index === 0} onClick={() => routes.moveRule(index, -1)} aria-label={`Move ${label} up`} data-testid="route-up" />
        <Button size="sm" variant="ghost" icon="down" disabled={index === count - 1} onClick={() => routes.moveRule(index, 1)} aria-label={`Move ${label} down`} data-testid="route-down" />
      </div>
      <div className="rule-body">
        <Field label="Model pattern" hint="A name or glob: gpt-4o, claude-*, *">
          <input className="mono" value={rule.match} onChange={(event) => routes.setMatch(index, event.target.value)} placeholder="gpt-4o*" data-testid="route-match" />
        </Field>
        <div className="chain-label">Targets, tried in order</div>
        {rule.to.length ? (
          <ol className="chain" data-testid="route-chain">
            {rule.to.map((target, targetIndex) => {
              const { provider, model } = splitTarget(target);
              return (
                <li key={`${target}-${targetIndex}`} className="chain-item" data-testid="route-target">
                  <span className="chain-step">{targetIndex + 1}</span>
                  <span className="mono">
                    {provider}
                    {model ? <span className="muted">:{model}</span> : null}
                  </span>
                  {!known.has(provider) ? <Badge tone="danger">unknown provider</Badge> : null}
                  <span className="chain-actions">
                    <Button size="sm" variant="ghost" icon="up" disabled={targetIndex === 0} onClick={() => routes.moveTarget(index, targetIndex, -1)} aria-label={`Move ${target} earlier`} />
                    <Button size="sm" variant="ghost" icon="down" disabled={targetIndex === rule.to.length - 1} onClick={() => routes.moveTarget(index, targetIndex, 1)} aria-label={`Move ${target} later`} />
                    <Button size="sm" variant="ghost" icon="close" onClick={() => routes.removeTarget(index, targetIndex)} aria-label={`Remove ${target}`} data-testid="route-target-remove" />
                  </span>
                </li>
              );
            })}
          </ol>
        ) : null}
        <TargetPicker providers={providers} onAdd={(target) => routes.addTarget(index, target)} />
        {problem ? <p className="warning-text small">{problem}</p> : null}
        {shadow ? (
          <p className="warning-text small" data-testid="route-shadowed">
            This rule never matches: rule {shadow.by + 1} (<code>{shadow.byMatch}</code>) comes first and takes every model it would. Move it above rule {shadow.by + 1}, or narrow that one.
          </p>
        ) : null}
      </div>
      <div className="rule-remove">
        <Button size="sm" variant="ghost" icon="trash" onClick={() => routes.removeRule(index)} aria-label={`Remove ${label}`} data-testid="route-remove" />
      </div>
    </li>
  );
}
