/** The alerts a runtime wrote to `<data-dir>/outbox/`: each one a `.json` and an `.eml` with the same name. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';

export interface OutboxAlert {
  /** File name without the extension. */
  readonly name: string;
  readonly json: { readonly id: string; readonly kind: string; readonly subject: string; readonly monitor: { readonly id: string; readonly name: string }; readonly incident?: { readonly id: string } };
  /** The Subject of the .eml, decoded; null when the .eml is missing. */
  readonly emlSubject: string | null;
}

export async function readOutbox(dataDir: string): Promise<OutboxAlert[]> {
  const folder = join(dataDir, 'outbox');
  let files: string[];
  try {
    files = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const alerts: OutboxAlert[] = [];
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    const json = JSON.parse(await readFile(join(folder, file), 'utf8')) as OutboxAlert['json'];
    let emlSubject: string | null = null;
    if (files.includes(`${name}.eml`)) emlSubject = (await PostalMime.parse(await readFile(join(folder, `${name}.eml`)))).subject ?? '';
    alerts.push({ name, json, emlSubject });
  }
  return alerts;
}
