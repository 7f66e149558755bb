import type { Kysely } from 'kysely';
import { runBulkSql } from '../bulk-sql.js';
import type { Database } from '../schema.js';

/** A node of PostgreSQL's `explain (analyze, format json)`: the parts the plan tests read. */
export interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/**
 * Runs the statement under PostgreSQL's `explain (analyze, format json)` and answers its plan.
 * `sqlText` takes `?` placeholders (numbered as the store numbers them) or kysely's compiled `$n`.
 */
export async function explainAnalyze(db: Kysely<Database>, sqlText: string, parameters: readonly unknown[]): Promise<PlanNode> {
  const [explained] = await runBulkSql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(db, `explain (analyze, format json) ${sqlText}`, parameters);
  const plan = explained?.['QUERY PLAN'][0]?.Plan;
  if (plan === undefined) throw new Error(`explain gave no plan for: ${sqlText}`);
  return plan;
}

/** Rows PostgreSQL read from `relation` (kept or filtered out), over every node of the plan that scans it. */
export function rowsRead(node: PlanNode, relation: string): number {
  const own =
    node['Relation Name'] === relation
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}
