/** AgentStore over SQLite: one JSON row per agent (looked up by name or token hash), one row per signed result. */
import type { DatabaseSync } from 'node:sqlite';
import type { Agent } from '../../../core/agents/agent.ts';
import { NotFoundError } from '../../../core/errors.ts';
import type { AgentResultRecord, AgentStore } from '../../../ports/agent-store.ts';
import { step } from './errors.ts';

export function createSqliteAgentStore(db: DatabaseSync): AgentStore {
  const insert = db.prepare('INSERT INTO agents (name, token_sha256, body) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT body FROM agents WHERE name = ?');
  const byToken = db.prepare('SELECT body FROM agents WHERE token_sha256 = ?');
  const all = db.prepare('SELECT body FROM agents ORDER BY name');
  const update = db.prepare('UPDATE agents SET token_sha256 = ?, body = ? WHERE name = ?');
  const insertResult = db.prepare('INSERT INTO agent_results (job_id, agent, monitor_id, received_ms, jws) VALUES (?, ?, ?, ?, ?)');
  const selectResult = db.prepare('SELECT job_id, agent, monitor_id, received_ms, jws FROM agent_results WHERE job_id = ?');
  const parse = (row: unknown): Agent | null => (row === undefined ? null : (JSON.parse((row as { body: string }).body) as Agent));

  return {
    create: (agent) => step(`agent ${agent.name}`, () => void insert.run(agent.name, agent.tokenSha256, JSON.stringify(agent))),
    get: (name) => step(`agent ${name}`, () => parse(select.get(name))),
    byTokenSha256: (hash) => step('agent', () => parse(byToken.get(hash))),
    list: () => step('agents', () => all.all().map((row) => parse(row)!)),
    update: (agent) =>
      step(`agent ${agent.name}`, () => {
        if (update.run(agent.tokenSha256, JSON.stringify(agent), agent.name).changes === 0) throw new NotFoundError(`agent ${agent.name} does not exist`);
      }),
    putResult: (record) =>
      step(`signed result for job ${record.jobId}`, () => {
        insertResult.run(record.jobId, record.agent, record.monitorId, Date.parse(record.receivedAt), record.jws);
      }),
    getResult: (jobId) =>
      step(`signed result for job ${jobId}`, () => {
        const row = selectResult.get(jobId) as { job_id: string; agent: string; monitor_id: string; received_ms: number; jws: string } | undefined;
        if (row === undefined) return null;
        const record: AgentResultRecord = {
          jobId: row.job_id,
          agent: row.agent,
          monitorId: row.monitor_id,
          receivedAt: new Date(row.received_ms).toISOString(),
          jws: row.jws,
        };
        return record;
      }),
  };
}
