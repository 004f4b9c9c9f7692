/**
 * The entry point of the `stackone` component provider plugin (`bin/pulumi-resource-stackone` runs it): serves the
 * provider on a free loopback port and prints the port on stdout, as the engine expects. The engine passes its own
 * address as the last argument; the plugin exits when the engine closes it (SIGTERM/SIGINT).
 */
import { StackOneProviderServer } from "./server";

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const provider = new StackOneProviderServer({ engineAddress: args[args.length - 1] });
  // A rejection or exception no promise handles belongs to a Construct in flight (see failInFlight): it fails that
  // Construct, with its message, instead of ending the process. With none in flight it is the plugin's own: fatal.
  const unhandled = (err: unknown) => {
    if (provider.failInFlight(err)) return;
    process.stderr.write(
      `pulumi-resource-stackone: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  };
  process.on("unhandledRejection", unhandled);
  process.on("uncaughtException", unhandled);
  const server = await provider.listen(0);
  process.stdout.write(`${server.port}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-stackone: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
