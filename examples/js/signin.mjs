// Sign-In with Ethereum (EIP-4361) against the service with an ethers v6 wallet; returns the bearer token.
export async function signIn(server, wallet) {
  const json = async (response) => {
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const { nonce } = await json(await fetch(`${server}/api/v1/auth/nonce`));
  const message = [
    `${new URL(server).host} wants you to sign in with your Ethereum account:`,
    wallet.address,
    "",
    "Sign in to ScrollVerse Service Tracking",
    "",
    `URI: ${server}`,
    "Version: 1",
    "Chain ID: 1",
    `Nonce: ${nonce}`,
    `Issued At: ${new Date().toISOString()}`,
  ].join("\n");
  const { token } = await json(await fetch(`${server}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, signature: await wallet.signMessage(message) }),
  }));
  return token;
}
