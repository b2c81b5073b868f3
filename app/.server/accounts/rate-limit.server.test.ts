import { describe, expect, it } from "vitest";

import { clientIp } from "./rate-limit.server";

describe("clientIp", () => {
  it("gives an IPv4 address as it is, also when Node reports it IPv4-mapped", () => {
    expect(clientIp({ clientIp: "203.0.113.7" })).toBe("203.0.113.7");
    expect(clientIp({ clientIp: "::ffff:203.0.113.7" })).toBe("203.0.113.7");
  });

  it("counts IPv6 clients by their /64 network", () => {
    expect(clientIp({ clientIp: "2001:db8:aa:bb:1:2:3:4" })).toBe("2001:db8:aa:bb::/64");
    expect(clientIp({ clientIp: "2001:db8:aa:bb:ffff::9" })).toBe("2001:db8:aa:bb::/64");
    expect(clientIp({ clientIp: "2001:0db8::1" })).toBe("2001:db8:0:0::/64");
    expect(clientIp({ clientIp: "::1" })).toBe("0:0:0:0::/64");
    expect(clientIp({ clientIp: "fe80::1%eth0" })).toBe("fe80:0:0:0::/64");
  });

  it("falls back to one shared key when the server passed no address", () => {
    expect(clientIp(undefined)).toBe("unknown");
    expect(clientIp({})).toBe("unknown");
  });
});
