/**
 * The entry point of the `pingone` resource provider plugin (`bin/pulumi-resource-pingone` runs it): serves the
 * provider on a free loopback port and prints the port on stdout, as the engine expects. The engine passes its own
 * address as the last argument; the plugin exits when the engine closes it (SIGTERM/SIGINT) or the engine goes away.
 */
import { PingOneProviderServer } from "./server";

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const engineAddress = args[args.length - 1];
  const provider = new PingOneProviderServer({ engineAddress });
  const server = await provider.listen(0);
  process.stdout.write(`${server.port}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-pingone: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
