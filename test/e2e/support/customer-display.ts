import { customerSecretOf } from '../../../electron/host/host-security';

/** The customer display's address: the register's, with the display's own secret (derived from the run's). */
export function customerUrl(registerUrl: string): string {
  const url = new URL(registerUrl);
  return `${url.origin}/customer?secret=${encodeURIComponent(customerSecretOf(url.searchParams.get('secret') ?? ''))}`;
}
