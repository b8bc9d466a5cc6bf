import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { RuntimeRole } from '../../../shared/schemas/orchestration.js';

/** A startup template: what a deploy of `targetImplementationId` derives from a base CLI agent. */
export interface Template {
  id: string;
  role: RuntimeRole;
  description: string;
  /** The role's system prompt. */
  prompt: string;
  /** Agent settings the role brings (a reviewer reads, it does not write). */
  overrides: Partial<AgentConfig>;
}

export const orchestratorPrompt = [
  'You are the orchestrator of a team of coding agents run by AgentMesh.',
  'Do small things yourself; plan larger work and hand each part to the agent best suited to it',
  'with the agent.dispatch tool (it waits and returns the result unless blocking is false), check',
  'on work with task.status and task.result, and stop or pause work with agent.control.',
  'agent.list and agent.capabilities describe the team; agent.deploy starts more instances.',
  'Answer the user with what the team produced.',
].join(' ');

const reviewerPrompt = [
  'You are a reviewer. Read the code and the changes you are pointed at, run read-only checks,',
  'and report problems with file and line, most serious first. Do not edit files.',
].join(' ');

const executorPrompt = [
  'You are an executor. Carry out the one concrete task you are given, in the working directory,',
  'and finish with a short report of what you changed and how you checked it.',
].join(' ');

export const templates = {
  'orchestrator-loop': {
    id: 'orchestrator-loop',
    role: 'orchestrator',
    description: 'Plans and delegates: runs with the runtime tools (agent.dispatch, agent.control, …).',
    prompt: orchestratorPrompt,
    overrides: {},
  },
  'reviewer-loop': {
    id: 'reviewer-loop',
    role: 'reviewer',
    description: 'Reviews changes without editing: read-only sandbox, edits not pre-approved.',
    prompt: reviewerPrompt,
    overrides: { sandbox: 'read-only', permissionMode: 'default', allowedTools: ['Read', 'Grep', 'Glob', 'Bash(git diff:*)', 'Bash(git log:*)'] },
  },
  'executor-loop': {
    id: 'executor-loop',
    role: 'executor',
    description: 'Carries out one concrete task in its working directory and reports back.',
    prompt: executorPrompt,
    overrides: {},
  },
} satisfies Record<string, Template>;

export type TemplateId = keyof typeof templates;
export const isTemplateId = (id: string): id is TemplateId => Object.hasOwn(templates, id);

/** The prompt a role runs with when its agent names none of its own. */
export const rolePrompt = (role: RuntimeRole): string =>
  ({ orchestrator: orchestratorPrompt, reviewer: reviewerPrompt, executor: executorPrompt })[role];
