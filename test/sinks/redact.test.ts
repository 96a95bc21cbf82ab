// What may be printed: passwords never, phones masked — in URLs with or without a scheme, in conninfo
// settings, and as the literal password of DATABASE_URL wherever a cause happens to echo it.

import { describe, expect, it } from 'vitest';
import { knownSecrets, maskUrl, redact } from '../../sinks/redact.ts';

describe('maskUrl', () => {
  it.each([
    ['postgres://center:s3cret@db.example:5432/aibio', 'postgres://center:****@db.example:5432/aibio'],
    ['postgresql://center:p@ss@db.example/aibio', 'postgresql://center:****@db.example/aibio'],
    ['center:s3cret@127.0.0.1:5432', 'center:****@127.0.0.1:5432'],
    ['postgres://postgres@127.0.0.1:5432/aibio', 'postgres://postgres@127.0.0.1:5432/aibio'],
    ['postgres://db.example/aibio', 'postgres://db.example/aibio'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });
});

describe('redact', () => {
  it('hides the password of DATABASE_URL wherever it appears, as written and percent-decoded', () => {
    const secrets = knownSecrets({ DATABASE_URL: 'postgres://center:p%40ss-w0rd@db/aibio' });
    expect(secrets).toEqual(['p%40ss-w0rd', 'p@ss-w0rd']);
    expect(redact('error near "p@ss-w0rd" and p%40ss-w0rd', secrets)).toBe('error near "****" and ****');
  });

  it('hides credentials in any URL and password= settings, and masks phones', () => {
    expect(redact('cannot reach postgres://me:hunter22@db/x; host=db password=hunter22 user=me; 고객 010-1234-5678', [])).toBe(
      'cannot reach postgres://me:****@db/x; host=db password=**** user=me; 고객 010-****-5678',
    );
  });

  it('leaves run ids, dates, ports, amounts and short passwords elsewhere alone', () => {
    const text = 'run 20261126T134741Z-a096 at 2023-05-11 00:00:00 on 127.0.0.1:54321, 1,536,000원, pw';
    expect(redact(text, knownSecrets({ DATABASE_URL: 'postgres://u:pw@h/db' }))).toBe(text);
  });
});
