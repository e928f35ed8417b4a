// A self-signed certificate for the HTTPS listener, made at start-up with
// the system's openssl so that nothing secret is ever committed. Browsers
// reject it with net::ERR_CERT_AUTHORITY_INVALID, which is the point.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns { key, cert } as PEM text for CN and IP SAN 127.0.0.1. */
export function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'looker-test-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1/O=Looker API Doctor test server',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
