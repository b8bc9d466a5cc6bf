import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsFiles {
  keyFile: string;
  certFile: string;
  /** The certificate's PEM, for a client that trusts it explicitly. */
  cert: string;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1 (openssl, one day), written to `dir`.
 * The gateway trusts it through NODE_EXTRA_CA_CERTS, as a user would a private CA.
 */
export function selfSignedCert(dir: string): TlsFiles {
  const keyFile = join(dir, 'upstream-key.pem');
  const certFile = join(dir, 'upstream-cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { keyFile, certFile, cert: readFileSync(certFile, 'utf8') };
}
