import { UNKNOWN, valueAt } from "../../src/model/resource";

describe("valueAt", () => {
  const props = {
    name: "api",
    tags: { team: "payments", constructor: "platform" },
    ingress: [{ from_port: 22, cidr_blocks: ["0.0.0.0/0"] }],
    settings: UNKNOWN,
  };

  it("reads properties, list entries and nested values", () => {
    expect(valueAt(props, "name")).toBe("api");
    expect(valueAt(props, "tags.team")).toBe("payments");
    expect(valueAt(props, "ingress.0.from_port")).toBe(22);
    expect(valueAt(props, "ingress.0.cidr_blocks.0")).toBe("0.0.0.0/0");
    expect(valueAt(props, "")).toBe(props);
  });

  it("is undefined for absent paths and unknown through unknown values", () => {
    expect(valueAt(props, "missing")).toBeUndefined();
    expect(valueAt(props, "name.length")).toBeUndefined();
    expect(valueAt(props, "ingress.3.from_port")).toBeUndefined();
    expect(valueAt(props, "settings")).toBe(UNKNOWN);
    expect(valueAt(props, "settings.retention.days")).toBe(UNKNOWN);
  });

  it("does not answer with what every object or array inherits", () => {
    expect(valueAt(props, "toString")).toBeUndefined();
    expect(valueAt(props, "hasOwnProperty")).toBeUndefined();
    expect(valueAt(props, "tags.valueOf")).toBeUndefined();
    expect(valueAt(props, "ingress.map")).toBeUndefined();
    expect(valueAt(props, "__proto__")).toBeUndefined();
    expect(valueAt(props, "tags.__proto__.constructor")).toBeUndefined();
    expect(valueAt({}, "constructor")).toBeUndefined();
  });

  it("still reads own properties named like inherited ones", () => {
    expect(valueAt(props, "tags.constructor")).toBe("platform");
    expect(valueAt({ toString: "yes" }, "toString")).toBe("yes");
    expect(valueAt(JSON.parse('{"__proto__": {"a": 1}}'), "__proto__.a")).toBe(1);
    expect(valueAt(props, "ingress.length")).toBe(1);
  });
});
