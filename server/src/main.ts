import { parseServerConfig } from './config';
import { startServer } from './start';

// `npm run server`: the cloud service in the foreground. Settings come from the environment (config.ts).

const parsed = parseServerConfig(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(1);
}
const { config } = parsed;

try {
  const server = await startServer({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    seed: config.seed,
    linkTtlSeconds: config.linkTtlSeconds,
    publicUrl: config.publicUrl,
    trustProxyHops: config.trustProxyHops,
    log: (line) => console.error(line),
    payments: config.payments,
    ...(config.payments === 'stripe'
      ? { stripe: { secretKey: config.stripe.secretKey!, webhookSecret: config.stripe.webhookSecret!, publishableKey: config.stripe.publishableKey } }
      : {}),
    notify: config.notify,
    ...(config.twilio.accountSid && config.twilio.authToken && config.twilio.from
      ? { twilio: { accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, from: config.twilio.from } }
      : {}),
    ...(config.smtp.url && config.smtp.mailFrom ? { smtp: { url: config.smtp.url, mailFrom: config.smtp.mailFrom } } : {}),
  });
  console.log(`listening on http://${config.host}:${server.port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`could not close cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`The server could not start: ${(error as Error).message}`);
  process.exit(1);
}
