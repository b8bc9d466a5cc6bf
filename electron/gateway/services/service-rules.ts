import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { serviceRuleInputSchema, type ServiceRule } from '../../../shared/schemas/services.js';
import type { ConfigStore } from '../config/config-store.js';
import { invalidRegex } from './rule-matcher.js';
import { ServiceError } from './service-error.js';

export type RuleInput = z.infer<typeof serviceRuleInputSchema>;

/**
 * Service rules live in the config under `serviceRouting.rules` (not model `routes`, not
 * task `routing.rules`): edits over the API are written back to the config file.
 */
export class ServiceRules {
  constructor(private readonly config: ConfigStore) {}

  list(): ServiceRule[] {
    return this.config.get().serviceRouting.rules;
  }

  /** By id, or by name (the CLI names rules). */
  get(idOrName: string): ServiceRule {
    const rule = this.list().find((candidate) => candidate.rule_id === idOrName) ?? this.list().find((candidate) => candidate.name === idOrName);
    if (!rule) throw new ServiceError('RULE_NOT_FOUND', `Routing rule '${idOrName}' not found`, { rule_id: idOrName });
    return rule;
  }

  create(input: RuleInput): ServiceRule {
    checkRegex(input);
    const rule: ServiceRule = { rule_id: randomUUID(), ...input, created_at: new Date().toISOString() };
    this.write((rules) => [...rules, rule]);
    return rule;
  }

  update(idOrName: string, patch: Partial<RuleInput>): ServiceRule {
    const current = this.get(idOrName);
    const next: ServiceRule = { ...current, ...patch, rule_id: current.rule_id };
    checkRegex(next);
    this.write((rules) => rules.map((rule) => (rule.rule_id === current.rule_id ? next : rule)));
    return next;
  }

  remove(idOrName: string): ServiceRule {
    const current = this.get(idOrName);
    this.write((rules) => rules.filter((rule) => rule.rule_id !== current.rule_id));
    return current;
  }

  private write(edit: (rules: ServiceRule[]) => ServiceRule[]): void {
    this.config.update((document) => {
      const section = (document.serviceRouting ?? {}) as Record<string, unknown>;
      return { ...document, serviceRouting: { ...section, rules: edit(this.list()) } };
    });
  }
}

function checkRegex(rule: Pick<ServiceRule, 'conditions'>): void {
  const problem = invalidRegex(rule);
  if (problem) throw new ServiceError('INVALID_REQUEST', problem);
}
