import net from "node:net";

/** A TCP proxy that can reset every connection, or hold all traffic (a partition) until healed. */
export function faultProxy(target: { host: string; port: number }) {
  const pairs = new Set<{ client: net.Socket; upstream?: net.Socket }>();
  let partitioned = false;
  const waiting: (() => void)[] = [];
  const server = net.createServer((client) => {
    const pair: { client: net.Socket; upstream?: net.Socket } = { client };
    pairs.add(pair);
    client.on("error", () => {});
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    const connect = () => {
      if (client.destroyed) return;
      const upstream = net.connect(target);
      pair.upstream = upstream;
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (partitioned) {
      client.pause();
      waiting.push(() => {
        client.resume();
        connect();
      });
    } else connect();
  });
  return {
    listen: () =>
      new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port))),
    reset() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream?.resetAndDestroy();
      }
    },
    /** Nothing moves either way, and new connections get no answer, until heal(). */
    partition() {
      partitioned = true;
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream?.pause();
      }
    },
    heal() {
      partitioned = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream?.resume();
      }
      for (const go of waiting.splice(0)) go();
    },
    close: () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      return new Promise((r) => server.close(r));
    },
  };
}
