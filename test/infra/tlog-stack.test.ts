/** The transparency log in the deployment: its origin on the recorder and the API, and the opt-in Ed25519 note key, cdk-nag clean. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../lib/config.ts';
import { synthApp, TEST_CONFIG } from './synth-app.ts';

describe('the transparency log in AWS', () => {
  it('by default: the origin is the API host plus /ledger, and there is no note key (the ledger key and the channel key only)', () => {
    const { home } = synthApp();
    home.resourceCountIs('AWS::KMS::Key', 2);
    home.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256' });
    home.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'CrossCheck recorder: appends signed entries to the ledger',
      Environment: { Variables: Match.objectLike({ CROSSCHECK_NOTE_KEY_ID: '', CROSSCHECK_LEDGER_ORIGIN: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }) },
    });
    home.hasOutput('LedgerOrigin', {});
  });

  it('with ed25519NoteKey: a retained ECC_NIST_EDWARDS25519 key that only the recorder may sign with', () => {
    const config = parseDeploymentConfig({ ...rawOf(TEST_CONFIG), ed25519NoteKey: 'true', ledgerOrigin: 'status.example.org/ledger' });
    const { home } = synthApp({ config });
    home.hasResource('AWS::KMS::Key', { Properties: { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }, DeletionPolicy: 'Retain' });
    home.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'CrossCheck recorder: appends signed entries to the ledger',
      Environment: { Variables: Match.objectLike({ CROSSCHECK_LEDGER_ORIGIN: 'status.example.org/ledger', CROSSCHECK_NOTE_KEY_ID: Match.anyValue() }) },
    });
    const signers = Object.values(home.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('kms:Sign'),
    );
    // The ledger key's grant and the note key's grant, both on the recorder's role only.
    expect(new Set(signers.map((policy) => JSON.stringify(policy['Properties']['Roles'])))).toHaveProperty('size', 1);
  });

  it('hands the recorder, and only the recorder, its witnesses', () => {
    const vkey = 'witness.example+0123abcd+BHdpdG5lc3Nfa2V5X2J5dGVzX2hlcmVfMzJfYnl0ZXM=';
    const config = parseDeploymentConfig({ ...rawOf(TEST_CONFIG), witnesses: `https://witness.example/=${vkey}` });
    const { home } = synthApp({ config });
    home.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'CrossCheck recorder: appends signed entries to the ledger',
      Environment: { Variables: Match.objectLike({ CROSSCHECK_WITNESSES: JSON.stringify([{ url: 'https://witness.example/', vkey }]) }) },
    });
    expect(() => parseDeploymentConfig({ witnesses: 'https://w.example/' })).toThrow(/witnesses.*<http\(s\) url>=<witness vkey>/s);
  });

  it('refuses an origin with a space, naming the key', () => {
    expect(() => parseDeploymentConfig({ ledgerOrigin: 'has space' })).toThrow(/ledgerOrigin: must be non-empty, without spaces/);
  });
});

function rawOf(config: typeof TEST_CONFIG): Record<string, unknown> {
  const { probeRegions, alertTo, allowedPrivateRanges, ...rest } = config;
  return { ...rest, probeRegions: probeRegions.join(','), alertTo: alertTo.join(','), allowedPrivateRanges: allowedPrivateRanges.join(',') };
}
