// Sign-In with Ethereum (EIP-4361): the message the service checks. Its domain and URI are the page's origin in a
// browser (what a wallet expects to see) and the server's elsewhere; the chain id is the server's.

export interface SiweFields {
  domain: string;
  address: string;
  uri: string;
  chainId: number | string;
  nonce: string;
  issuedAt: Date;
  expirationTime?: Date;
  statement?: string;
}

export const defaultStatement = "Sign in to ScrollVerse Service Tracking";

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

export function siweMessage(f: SiweFields): string {
  const lines = [
    `${f.domain} wants you to sign in with your Ethereum account:`,
    f.address,
    "",
    f.statement ?? defaultStatement,
    "",
    `URI: ${f.uri}`,
    "Version: 1",
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${iso(f.issuedAt)}`,
  ];
  if (f.expirationTime) lines.push(`Expiration Time: ${iso(f.expirationTime)}`);
  return lines.join("\n");
}
