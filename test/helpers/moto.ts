/**
 * moto for integration tests: one server per test file (see moto-server.ts). When
 * python3 or moto is missing, the suites are skipped with a loud notice; with `CI` set
 * they fail instead, because CI must run them.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MOTO, startMoto, type MotoServer } from './moto-server.ts';

export * from './moto-server.ts';

/**
 * A describe block with its own moto: started before the block's tests, stopped after.
 * The body receives a getter (the server exists only once beforeAll has run).
 */
export function describeOnMoto(name: string, body: (moto: () => MotoServer) => void): void {
  if (!MOTO.available && process.env['CI']) {
    describe(name, () => {
      it('needs moto, which CI must provide', () => {
        throw new Error(`moto is required when CI is set, but ${MOTO.detail}. Install it with: pip install 'moto[server]==5.2.1'`);
      });
    });
    return;
  }
  if (!MOTO.available) {
    console.warn(
      [
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        `!!! SKIPPED: "${name}" needs moto (AWS emulator): ${MOTO.detail}.`,
        "!!! Install it (pip install 'moto[server]==5.2.1') to run the AWS integration tests.",
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '',
      ].join('\n'),
    );
  }
  describe.skipIf(!MOTO.available)(name, () => {
    let server: MotoServer | undefined;
    beforeAll(async () => {
      server = await startMoto();
    });
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (server === undefined) throw new Error('moto is not running (used outside a test?)');
      return server;
    });
  });
}
