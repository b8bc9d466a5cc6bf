import type { RoutingStrategy } from '../../../shared/schemas/services.js';

export interface Candidate {
  id: string;
  name: string;
  weight: number;
  activeConnections: number;
}

/** Picks one instance by a strategy; round-robin keeps one counter per routing key (a rule, a tag). */
export class ServiceSelector {
  private readonly turns = new Map<string, number>();

  pick<T extends Candidate>(candidates: T[], strategy: RoutingStrategy, key: string, random: () => number = Math.random): T | undefined {
    if (candidates.length === 0) return undefined;
    const ordered = [...candidates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    switch (strategy) {
      case 'least_connections':
        return ordered.reduce((best, candidate) => (candidate.activeConnections < best.activeConnections ? candidate : best));
      case 'round_robin': {
        const turn = this.turns.get(key) ?? 0;
        this.turns.set(key, turn + 1);
        return ordered[turn % ordered.length];
      }
      case 'random':
        return ordered[Math.floor(random() * ordered.length)];
      case 'weighted': {
        const total = ordered.reduce((sum, candidate) => sum + candidate.weight, 0);
        let point = random() * total;
        for (const candidate of ordered) {
          point -= candidate.weight;
          if (point < 0) return candidate;
        }
        return ordered.at(-1);
      }
    }
  }
}
